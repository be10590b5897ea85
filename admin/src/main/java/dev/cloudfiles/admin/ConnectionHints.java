package dev.cloudfiles.admin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Turns the SDK's "Unable to execute HTTP request" for a server that is not there into one line
 * that names the endpoint it tried and what to check, as the client CLI's errors do. Applied once,
 * after the (few) retries.
 */
final class ConnectionHints implements ExecutionInterceptor {
    static final String ENDPOINT_ENV = "CLOUD_FILES_DYNAMODB_ENDPOINT";

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        if (!(failure instanceof SdkClientException)) return failure;
        URI target = context.httpRequest().map(r -> r.getUri()).orElse(null);
        String server = target == null ? "DynamoDB" : target.getScheme() + "://" + target.getAuthority();
        String what = null;
        for (Throwable t = failure; t != null && what == null; t = t.getCause()) {
            if (t instanceof ConnectException) what = "cannot connect to " + server + " (connection refused)";
            else if (t instanceof UnknownHostException) what = "cannot resolve the host of " + server;
            else if (t instanceof SocketTimeoutException) what = "no answer from " + server + " in time";
            else if (t instanceof IOException io)
                what = "no answer from " + server + " (" + io.getClass().getSimpleName() + ": " + io.getMessage() + ")";
        }
        if (what == null) return failure;
        String hint = target != null && isLoopback(target.getHost())
                ? ": is the local stack running (`make run`), and is --endpoint / $" + ENDPOINT_ENV + " right?"
                : ": check the network, the region (--region, $CLOUD_FILES_REGION, AWS_REGION) and --endpoint / $"
                        + ENDPOINT_ENV;
        return SdkClientException.builder().message(what + hint).cause(failure).build();
    }

    private static boolean isLoopback(String host) {
        try {
            return host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
