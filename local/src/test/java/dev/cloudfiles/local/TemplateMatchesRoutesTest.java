package dev.cloudfiles.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.CloudFiles;
import dev.cloudfiles.config.Config;
import dev.cloudfiles.functions.ApiHandler;
import dev.cloudfiles.http.Routes;
import dev.cloudfiles.runtime.Clients;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml (what API Gateway routes) and the handlers (what each function dispatches on,
 * {@link ApiHandler#routes()}) name the same routes, each on the function that serves it; and
 * {@link Routes} (what the $default route answers 405 for) names them all.
 */
class TemplateMatchesRoutesTest {
    private static final String HANDLER_METHOD = "::handleRequest";

    private final TemplateRoutes template =
            TemplateRoutes.load(LocalPaths.repoRoot().resolve("template.yaml"));

    /** Handlers are only constructed here: no client it builds is ever called, so nothing listens. */
    private static Clients clients;

    private static CloudFiles app;

    @BeforeAll
    static void app() {
        URI nowhere = URI.create("http://127.0.0.1:9");
        Config config =
                Config.local("table", "bucket", nowhere, nowhere, new Config.EndpointCredentials("access", "secret"));
        clients = Clients.create(config);
        app = CloudFiles.create(config, clients);
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    @Test
    void theTemplateRoutesExactlyTheApisRoutes() {
        assertThat(template.routes())
                .map(TemplateRoutes.Route::routeKey)
                .filteredOn(key -> !key.equals(TemplateRoutes.DEFAULT_ROUTE))
                .containsExactlyInAnyOrderElementsOf(Routes.ALL);
        assertThat(template.defaultRoute())
                .map(TemplateRoutes.Route::handler)
                .contains("dev.cloudfiles.functions.RouteNotFoundHandler::handleRequest");
    }

    /**
     * Both ways: every route the template sends to a function is one its handler serves, and every
     * route a handler serves is sent to it by the template.
     */
    @Test
    void eachRouteGoesToTheFunctionThatDispatchesIt() throws ReflectiveOperationException {
        Map<String, Set<String>> templateRoutesByHandler = template.routes().stream()
                .filter(route -> !route.routeKey().equals(TemplateRoutes.DEFAULT_ROUTE))
                .collect(Collectors.groupingBy(
                        TemplateRoutes.Route::handler,
                        TreeMap::new,
                        Collectors.mapping(TemplateRoutes.Route::routeKey, Collectors.toCollection(TreeSet::new))));
        Map<String, Set<String>> handlerRoutesByHandler = new TreeMap<>();
        for (String handler : templateRoutesByHandler.keySet()) {
            assertThat(handler).endsWith(HANDLER_METHOD);
            handlerRoutesByHandler.put(handler, new TreeSet<>(construct(handler).routes()));
        }
        assertThat(handlerRoutesByHandler).isEqualTo(templateRoutesByHandler);
        assertThat(handlerRoutesByHandler.values().stream().flatMap(Set::stream))
                .containsExactlyInAnyOrderElementsOf(Routes.ALL);
        // The keyless link has a function of its own, whose policy only reads.
        assertThat(template.routes())
                .filteredOn(r -> r.handler().equals("dev.cloudfiles.functions.ShareLinkHandler::handleRequest"))
                .map(TemplateRoutes.Route::routeKey)
                .containsExactlyInAnyOrder(Routes.SHARE_LINK, Routes.HEAD_SHARE_LINK);
    }

    private static ApiHandler construct(String handler) throws ReflectiveOperationException {
        String className = handler.substring(0, handler.length() - HANDLER_METHOD.length());
        return Class.forName(className)
                .asSubclass(ApiHandler.class)
                .getConstructor(CloudFiles.class)
                .newInstance(app);
    }
}
