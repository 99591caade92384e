package dev.microlab.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TrafficRouter")
class TrafficRouterTest {

    private static final ServiceInstance V1A = ServiceInstance.builder("users", "a").port(1).version("v1").build();
    private static final ServiceInstance V1B = ServiceInstance.builder("users", "b").port(2).version("v1").build();
    private static final ServiceInstance V2 = ServiceInstance.builder("users", "c").port(3).version("v2").build();
    private static final List<ServiceInstance> ALL = List.of(V1A, V1B, V2);

    /** The course's VirtualService, in a few lines. */
    private static TrafficRouter canary(long seed) {
        return TrafficRouter.builder()
                .subset("v1", Map.of("version", "v1"))
                .subset("v2", Map.of("version", "v2"))
                .route(Route.when(RouteMatch.header("canary", "true")).to("v2"))
                .route(Route.always().split("v1", 90).split("v2", 10))
                .random(new Random(seed))
                .build();
    }

    private static Map<String, Integer> subsetsChosen(TrafficRouter router, RequestAttributes request, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(router.decide(request).orElseThrow().subset(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    @DisplayName("the 90/10 canary sends about 10 % to v2 for a fixed seed")
    void canarySplit() {
        // Given
        TrafficRouter router = canary(42);

        // When
        Map<String, Integer> counts = subsetsChosen(router, RequestAttributes.empty(), 10_000);

        // Then
        assertThat(counts.get("v2")).as("v2 share of 10,000 (10 % ± 1 %)").isBetween(900, 1100);
        assertThat(counts.get("v1")).as("v1 share").isEqualTo(10_000 - counts.get("v2"));
    }

    @Test
    @DisplayName("the canary header sends every request to v2")
    void canaryHeader() {
        Map<String, Integer> counts = subsetsChosen(canary(1), RequestAttributes.of("canary", "true"), 1000);
        assertThat(counts).as("all to v2").containsExactly(Map.entry("v2", 1000));
    }

    @Test
    @DisplayName("header names match in any case, values exactly")
    void caseOfNames() {
        TrafficRouter router = canary(1);
        assertThat(router.decide(RequestAttributes.of("Canary", "true")).orElseThrow().subset())
                .as("Canary: true").isEqualTo("v2");
        assertThat(subsetsChosen(router, RequestAttributes.of("canary", "TRUE"), 200))
                .as("canary: TRUE is not an exact match").containsKey("v1");
    }

    @Test
    @DisplayName("subsets select instances by their labels")
    void subsets() {
        TrafficRouter router = canary(1);
        assertThat(router.subset(ALL, "v1")).as("v1").containsExactly(V1A, V1B);
        assertThat(router.subset(ALL, "v2")).as("v2").containsExactly(V2);
        assertThat(router.subset(ALL, null)).as("no subset: all").isSameAs(ALL);
        assertThat(router.subset(ALL, "v1")).as("cached for the same input").isSameAs(router.subset(ALL, "v1"));
    }

    @Test
    @DisplayName("the first matching route wins")
    void firstMatchWins() {
        TrafficRouter router = TrafficRouter.builder()
                .subset("v1", Map.of("version", "v1")).subset("v2", Map.of("version", "v2"))
                .route(Route.when(RouteMatch.headerPresent("x-user")).to("v1"))
                .route(Route.when(RouteMatch.header("x-user", "alice")).to("v2"))
                .build();
        assertThat(router.decide(RequestAttributes.of("x-user", "alice")).orElseThrow().subset())
                .as("the earlier, broader route").isEqualTo("v1");
    }

    @Test
    @DisplayName("conditions within a match are ANDed, matches of a route are ORed")
    void andOr() {
        // Given: (beta=yes AND region starts with eu-) OR (tester matches t-[0-9]+)
        TrafficRouter router = TrafficRouter.builder()
                .subset("v1", Map.of("version", "v1")).subset("v2", Map.of("version", "v2"))
                .route(Route.when(RouteMatch.header("beta", "yes").andPrefix("region", "eu-"),
                        RouteMatch.headerRegex("tester", "t-[0-9]+")).to("v2"))
                .route(Route.always().to("v1"))
                .build();

        // Then
        assertThat(subset(router, Map.of("beta", "yes", "region", "eu-west"))).as("both conditions").isEqualTo("v2");
        assertThat(subset(router, Map.of("beta", "yes", "region", "us-east"))).as("only one").isEqualTo("v1");
        assertThat(subset(router, Map.of("region", "eu-west"))).as("only the other").isEqualTo("v1");
        assertThat(subset(router, Map.of("tester", "t-42"))).as("second match").isEqualTo("v2");
        assertThat(subset(router, Map.of("tester", "t-42x"))).as("regex must match whole").isEqualTo("v1");
    }

    private static String subset(TrafficRouter router, Map<String, String> attributes) {
        return router.decide(RequestAttributes.of(attributes)).orElseThrow().subset();
    }

    @Test
    @DisplayName("a destination with weight 0 is never chosen")
    void zeroWeight() {
        TrafficRouter router = TrafficRouter.builder()
                .subset("v1", Map.of("version", "v1")).subset("v2", Map.of("version", "v2"))
                .route(Route.always().split("v1", 0).split("v2", 5))
                .random(new Random(3))
                .build();
        assertThat(subsetsChosen(router, RequestAttributes.empty(), 1000)).as("only v2")
                .containsExactly(Map.entry("v2", 1000));
    }

    @Test
    @DisplayName("split shares follow weight / sum of weights")
    void proportional() {
        TrafficRouter router = TrafficRouter.builder()
                .subset("v1", Map.of("version", "v1")).subset("v2", Map.of("version", "v2"))
                .route(Route.always().split("v1", 1).split("v2", 3))
                .random(new Random(5))
                .build();
        Map<String, Integer> counts = subsetsChosen(router, RequestAttributes.empty(), 8000);
        assertThat(counts.get("v2")).as("3/4 of 8000 ± 2 %").isBetween(5840, 6160);
    }

    @Test
    @DisplayName("no matching route gives no decision; no routes at all sends everything everywhere")
    void noRoute() {
        TrafficRouter strict = TrafficRouter.builder().subset("v2", Map.of("version", "v2"))
                .route(Route.when(RouteMatch.header("canary", "true")).to("v2")).build();
        assertThat(strict.decide(RequestAttributes.empty())).as("no match").isEmpty();
        TrafficRouter open = TrafficRouter.builder().build();
        assertThat(open.decide(RequestAttributes.empty()).orElseThrow().subset()).as("no routes: all").isNull();
    }

    @Test
    @DisplayName("bad routes are refused with a clear message")
    void badRoutes() {
        assertThatIllegalArgumentException().isThrownBy(() -> TrafficRouter.builder()
                        .route(Route.always().to("v9")).build())
                .withMessageContaining("subset 'v9'");
        assertThatIllegalArgumentException().isThrownBy(() -> Route.always().split("a", 0).split("b", 0).build())
                .withMessageContaining("must sum to more than 0");
        assertThatIllegalArgumentException().isThrownBy(() -> Route.always().split("a", -1))
                .withMessage("weight must be in [0, 2147483647], but was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> TrafficRouter.builder()
                        .subset("v1", Map.of("version", "v1")).subset("v1", Map.of("version", "v2")))
                .withMessage("subset 'v1' is already defined");
        assertThatIllegalArgumentException().isThrownBy(() -> Route.when())
                .withMessageContaining("at least one match");
    }
}
