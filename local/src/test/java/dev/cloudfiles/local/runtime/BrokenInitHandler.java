package dev.cloudfiles.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Harness self-test handler whose initialization fails, as a handler with missing configuration does. */
public class BrokenInitHandler implements RequestHandler<Map<String, Object>, String> {

    private final String required;

    public BrokenInitHandler() {
        required = System.getenv("REQUIRED_SETTING");
        if (required == null) throw new IllegalArgumentException("REQUIRED_SETTING is not set");
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return required;
    }
}
