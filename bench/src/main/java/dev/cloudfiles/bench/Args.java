package dev.cloudfiles.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options; an unknown option is an error, not a silent default. */
final class Args {

    private Args() {}

    static Map<String, String> parse(String[] args, Set<String> known) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !known.contains(a.substring(2)) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: options " + known + " each with a value; got " + a);
            }
            m.put(a.substring(2), args[++i]);
        }
        return m;
    }
}
