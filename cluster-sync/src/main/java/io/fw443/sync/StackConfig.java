package io.fw443.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JGroups stack file with this member's values filled in. The stacks in config/ use {@code ${name:default}}
 * placeholders; names given here are substituted before JGroups reads the file (so two members in one JVM can have
 * different ports), the rest are left for JGroups, which resolves them from system properties or their defaults.
 */
public final class StackConfig {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(?::([^}]*))?}");

    private StackConfig() {}

    public static String render(Path stackFile, Map<String, String> values) throws IOException {
        return render(Files.readString(stackFile), values);
    }

    public static String render(String xml, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(xml);
        StringBuilder out = new StringBuilder(xml.length());
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? escape(value) : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
