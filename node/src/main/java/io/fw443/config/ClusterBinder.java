package io.fw443.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/** Binds the {@code cluster} section and checks that the JGroups stack file is there and well formed. */
final class ClusterBinder {

    static final Duration DEFAULT_SYNC_INSERT_TIMEOUT = Duration.ofMillis(5);
    /** A JGroups stack is a few kilobytes. */
    static final long MAX_STACK_BYTES = 1024 * 1024;

    private final Problems problems;
    private final PathResolver paths;
    private final BoundInterfaces interfaces;

    ClusterBinder(Problems problems, PathResolver paths, BoundInterfaces interfaces) {
        this.problems = problems;
        this.paths = paths;
        this.interfaces = interfaces;
    }

    ClusterConfig bind(YamlMap map) {
        String name = map.requiredString("name", TextRules.CLUSTER_NAME, TextRules.CLUSTER_NAME_RULE);
        Path stack = bindStack(map);
        HostPort bind = bindAddress(map);
        List<HostPort> peers = bindPeers(map, bind);
        Optional<Path> keyStore = Optional.ofNullable(map.path("key-store")).map(paths::input);
        Optional<Path> passwordFile = Optional.ofNullable(map.path("key-store-password-file")).map(paths::input);
        Optional<String> passwordEnv = Optional.ofNullable(
                map.string("key-store-password-env", TextRules.ENV_NAME, TextRules.ENV_NAME_RULE));
        checkPassword(map);
        YamlMap insert = map.map("sync-insert", Section.SYNC_INSERT);
        SyncInsertConfig syncInsert = new SyncInsertConfig(insert.bool("enabled", false),
                insert.duration("timeout", DEFAULT_SYNC_INSERT_TIMEOUT, Duration.ofNanos(100_000), Duration.ofSeconds(1)));
        return new ClusterConfig(name, stack, bind, peers, keyStore, passwordFile, passwordEnv, syncInsert);
    }

    private void checkPassword(YamlMap map) {
        boolean file = map.has("key-store-password-file");
        boolean env = map.has("key-store-password-env");
        if (file && env) {
            map.problem("key-store-password-env", "use either key-store-password-file or key-store-password-env,"
                    + " not both");
        } else if (map.has("key-store") && !file && !env) {
            map.problem("key-store", "the key store needs its password: set key-store-password-file (a file whose"
                    + " first line is the password) or key-store-password-env (a variable name)");
        } else if (!map.has("key-store") && (file || env)) {
            map.problem(file ? "key-store-password-file" : "key-store-password-env",
                    "a key-store password without key-store; set key-store too");
        }
    }

    private Path bindStack(YamlMap map) {
        if (!map.has("stack")) {
            map.missing("stack", "a JGroups XML stack file, e.g. jgroups-tcp.xml next to this config");
            return null;
        }
        Path written = map.path("stack");
        if (written == null) {
            return null;
        }
        Path stack = paths.input(written);
        if (!Files.isRegularFile(stack)) {
            map.problem("stack", "file not found: " + paths.searched(written) + " (a relative path is looked up"
                    + " next to the config file, then in the working directory)");
            return null;
        }
        checkStackXml(stack);
        return stack;
    }

    /**
     * Parses the stack file as XML (no DTDs, so no external fetch) and checks the root is JGroups'
     * {@code <config>}; errors are reported at the stack file's line and column.
     */
    private void checkStackXml(Path stack) {
        String file = stack.toString();
        try (InputStream in = Files.newInputStream(stack)) {
            if (Files.size(stack) > MAX_STACK_BYTES) {
                problems.inFile(file, 0, 0, "larger than 1 MiB; is this a JGroups stack?");
                return;
            }
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            String[] root = new String[1];
            factory.newSAXParser().parse(in, new DefaultHandler() {
                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) {
                    if (root[0] == null) {
                        root[0] = localName;
                    }
                }
            });
            if (!"config".equals(root[0])) {
                problems.inFile(file, 1, 1, "not a JGroups stack: the root element is <" + root[0]
                        + ">, expected <config>");
            }
        } catch (SAXParseException e) {
            problems.inFile(file, Math.max(1, e.getLineNumber()), Math.max(1, e.getColumnNumber()),
                    "not well-formed XML: " + e.getMessage());
        } catch (SAXException | ParserConfigurationException e) {
            problems.inFile(file, 0, 0, "cannot parse as XML: " + e.getMessage());
        } catch (IOException e) {
            problems.inFile(file, 0, 0, "cannot read: " + e.getMessage());
        }
    }

    private HostPort bindAddress(YamlMap map) {
        if (!map.has("bind")) {
            map.missing("bind", "address:port of this node on a sync interface, e.g. 203.0.113.2:7800");
            return null;
        }
        HostPort bind = Scalars.parsed(map.get("bind"), map.sub("bind"), problems,
                "address:port such as 203.0.113.2:7800", HostPort::parse);
        if (bind == null) {
            return null;
        }
        List<String> syncAddresses = new ArrayList<>();
        boolean found = false;
        for (InterfaceConfig iface : interfaces.all()) {
            if (iface.role() != InterfaceConfig.Role.SYNC) {
                continue;
            }
            for (Cidr address : iface.addresses()) {
                syncAddresses.add(address.address().toString());
                found |= address.address().equals(bind.address());
            }
        }
        if (!found) {
            map.problem("bind", bind.address() + " is not an address of a sync interface ("
                    + (syncAddresses.isEmpty() ? "no interface with role sync has an address"
                    : "sync addresses: " + String.join(", ", syncAddresses)) + ")");
        }
        return bind;
    }

    private List<HostPort> bindPeers(YamlMap map, HostPort bind) {
        List<Node> items = map.listOrOne("peers");
        List<HostPort> peers = new ArrayList<>();
        Map<HostPort, Node> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = map.sub("peers") + (map.get("peers") instanceof ScalarNode
                    ? "" : "[" + i + "]");
            HostPort peer = Scalars.parsed(items.get(i), path, problems, "address:port such as 203.0.113.3:7800",
                    HostPort::parse);
            if (peer == null) {
                continue;
            }
            if (peer.equals(bind)) {
                problems.at(items.get(i), path + ": " + peer + " is this node's own bind address; list the other"
                        + " members only");
            } else if (bind != null && peer.address().family() != bind.address().family()) {
                problems.at(items.get(i), path + ": " + peer + " is " + ConfigBinder.familyName(peer.address())
                        + " but bind is " + ConfigBinder.familyName(bind.address()) + "; members must share a family");
            } else if (seen.putIfAbsent(peer, items.get(i)) != null) {
                problems.at(items.get(i), path + ": duplicate peer " + peer);
            } else {
                peers.add(peer);
            }
        }
        return peers;
    }
}
