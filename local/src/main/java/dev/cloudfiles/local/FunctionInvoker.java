package dev.cloudfiles.local;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * One function of the template: its handler class instantiated once (as a Lambda container
 * would), with the application passed to the constructor that takes it, and called as Lambda calls
 * a {@code RequestStreamHandler}: the event's JSON bytes in, the response's JSON bytes out.
 */
final class FunctionInvoker {
    private final String functionId;
    private final Object instance;
    private final Method method;

    private FunctionInvoker(String functionId, Object instance, Method method) {
        this.functionId = functionId;
        this.instance = instance;
        this.method = method;
    }

    /**
     * {@code handler} is the template's {@code class::method}, a method {@code (InputStream,
     * OutputStream, Context)}; the class needs a public constructor taking {@code app} (or, failing
     * that, none).
     */
    static FunctionInvoker create(String functionId, String handler, Object app) {
        String[] parts = handler.split("::", 2);
        String methodName = parts.length == 2 ? parts[1] : "handleRequest";
        try {
            Class<?> type = Class.forName(parts[0]);
            Object instance = construct(type, app);
            Method method = type.getMethod(methodName, InputStream.class, OutputStream.class, Context.class);
            return new FunctionInvoker(functionId, instance, method);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load handler " + handler + " of " + functionId, e);
        }
    }

    String functionId() {
        return functionId;
    }

    /**
     * Calls the handler with the event's JSON, in its {@link FunctionScope}; returns what it wrote. Its own
     * exceptions are rethrown unwrapped.
     */
    byte[] invoke(byte[] event, Context context) throws Throwable {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Throwable failure = FunctionScope.call(functionId, () -> {
            try {
                method.invoke(instance, new ByteArrayInputStream(event), output, context);
                return null;
            } catch (InvocationTargetException e) {
                return e.getCause();
            } catch (IllegalAccessException e) {
                return e;
            }
        });
        if (failure != null) throw failure;
        return output.toByteArray();
    }

    private static Object construct(Class<?> type, Object app) throws ReflectiveOperationException {
        for (Constructor<?> constructor : type.getConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            if (parameters.length == 1 && app != null && parameters[0].isInstance(app)) {
                return constructor.newInstance(app);
            }
        }
        return type.getConstructor().newInstance();
    }
}
