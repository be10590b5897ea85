package dev.cloudfiles.functions;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.util.Set;

/**
 * A function behind API Gateway routes. Its {@link #routes()} are what it dispatches on, and so the
 * route table: a test checks them against template.yaml's events both ways.
 */
public interface ApiHandler extends RequestStreamHandler {
    /** The route keys ({@code dev.cloudfiles.http.Routes}) this function serves. */
    Set<String> routes();
}
