package io.fw443.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A named set of prefixes, written inline or read from a file.
 *
 * @param name the name rules refer to
 * @param prefixes networks (host bits zero), IPv4 and IPv6 mixed, in file order
 * @param file the file the prefixes were read from, when not inline
 */
public record AddressSet(String name, List<Cidr> prefixes, Optional<Path> file) {

    public AddressSet {
        prefixes = List.copyOf(prefixes);
    }
}
