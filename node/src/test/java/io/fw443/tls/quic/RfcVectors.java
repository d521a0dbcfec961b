package io.fw443.tls.quic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** Loads the RFC test vector files under test resources: "name:" then hex lines, a blank line ends a block. */
final class RfcVectors
{
    static final String RFC9001 = "rfc9001-appendix-a.txt";
    static final String RFC9369 = "rfc9369-appendix-a.txt";

    private final Map<String, byte[]> values;

    private RfcVectors(final Map<String, byte[]> values)
    {
        this.values = values;
    }

    static RfcVectors load(final String resource)
    {
        final Map<String, StringBuilder> blocks = new HashMap<>();
        try (InputStream in = RfcVectors.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalArgumentException("missing resource " + resource);
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            StringBuilder current = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine())
            {
                if (line.startsWith("#"))
                {
                    continue;
                }
                if (line.isBlank())
                {
                    current = null;
                }
                else if (line.endsWith(":"))
                {
                    current = new StringBuilder();
                    blocks.put(line.substring(0, line.length() - 1), current);
                }
                else if (current != null)
                {
                    current.append(line.replaceAll("\\s", ""));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final Map<String, byte[]> values = new HashMap<>();
        blocks.forEach((name, hex) -> values.put(name, HexFormat.of().parseHex(hex)));
        return new RfcVectors(values);
    }

    static RfcVectors of(final QuicVersion version)
    {
        return load(version == QuicVersion.V1 ? RFC9001 : RFC9369);
    }

    byte[] get(final String name)
    {
        final byte[] value = values.get(name);
        if (value == null)
        {
            throw new IllegalArgumentException("no vector " + name);
        }
        return value.clone();
    }
}
