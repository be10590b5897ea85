package dev.cloudfiles.http;

import com.amazonaws.services.lambda.runtime.Context;

/** Where a function's log lines go: Lambda's logger when there is a context, else stderr (tests, tools). */
public final class FunctionLog {
    private FunctionLog() {}

    public static void line(Context context, String line) {
        if (context != null && context.getLogger() != null) context.getLogger().log(line);
        else System.err.println(line);
    }
}
