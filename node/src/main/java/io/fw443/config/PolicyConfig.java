package io.fw443.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filtering policy: first matching rule wins, else the default action.
 *
 * @param defaultAction DROP or REJECT
 * @param sets named address sets, in file order
 * @param rules ordered rules
 * @param fragments what to do with IP fragments
 */
public record PolicyConfig(
        RuleConfig.Action defaultAction,
        Map<String, AddressSet> sets,
        List<RuleConfig> rules,
        Fragments fragments) {

    /** Handling of IP fragments, which carry no ports after the first. */
    public enum Fragments implements Keyword {
        /** Drop every fragment. */
        DROP,
        /**
         * Non-first fragments of a tracked flow pass; first fragments and fragments of unknown flows
         * are dropped (the policy cannot judge a packet without ports).
         */
        ALLOW_NONFIRST_IF_TRACKED
    }

    public PolicyConfig {
        sets = Collections.unmodifiableMap(new LinkedHashMap<>(sets));
        rules = List.copyOf(rules);
    }
}
