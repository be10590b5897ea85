package dev.cloudfiles.store;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Warnings of the store that no request answer carries (bookkeeping that failed while the request
 * itself succeeded or failed for another reason): one JSON line each on stderr, which Lambda sends
 * to CloudWatch Logs and the local stack prints.
 */
final class StoreLog {
    private StoreLog() {}

    static void warn(String message, String blob, Throwable cause) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", "WARN");
        line.put("message", message);
        line.put("blob", blob);
        if (cause != null) line.put("error", cause.getClass().getSimpleName());
        StringBuilder json = new StringBuilder("{");
        line.forEach((k, v) -> {
            if (json.length() > 1) json.append(',');
            json.append('"').append(k).append("\":\"").append(escape(String.valueOf(v))).append('"');
        });
        System.err.println(json.append('}'));
    }

    private static String escape(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }
}
