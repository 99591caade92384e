package dev.microlab.docs.scenario;

import dev.microlab.core.time.Scheduler;
import dev.microlab.docs.diagram.Timeline;
import dev.microlab.registry.CallOutcome;
import dev.microlab.registry.LoadBalancer;
import dev.microlab.registry.OutlierDetectionConfig;
import dev.microlab.registry.OutlierDetector;
import dev.microlab.registry.OutlierEvent;
import dev.microlab.registry.Registration;
import dev.microlab.registry.RegistryEvent;
import dev.microlab.registry.ServiceClient;
import dev.microlab.registry.ServiceInstance;
import dev.microlab.registry.ServiceRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Discovery with leases and outlier detection on virtual time: three payments instances
 * register with 30 s leases; a client spreads calls round-robin; instance b starts answering
 * 503 and is ejected after 3 in a row; instance c stops renewing its lease and is evicted;
 * b's 30 s ejection ends and it takes traffic again.
 *
 * <p>The registry, its eviction task, the renewals and the outlier detector's interval all
 * run on the narrator's scheduler; the detector's random source is seeded.
 *
 * <p>This class is threadsafe: {@link #run} keeps its state local.
 */
public final class ServiceRegistryScenario implements Scenario {

    private static final String SERVICE = "payments";

    @Override
    public String name() {
        return "service-registry";
    }

    @Override
    public String title() {
        return "leases, round-robin, an instance ejected by outlier detection, a lease expiring";
    }

    @Override
    public List<String> patterns() {
        return List.of("service-registry");
    }

    @Override
    public void run(Narrator narrator) throws Exception {
        Timeline timeline = new Timeline("payments instances: leases and ejections");
        Set<String> failing = ConcurrentHashMap.newKeySet();
        try (ServiceRegistry registry = ServiceRegistry.builder()
                .timeSource(narrator.time())
                .scheduler(narrator.scheduler())
                .defaultLeaseTtl(Duration.ofSeconds(30))
                .evictionInterval(Duration.ofSeconds(10))
                .selfPreservation(false)
                .build();
             OutlierDetector detector = OutlierDetector.builder(OutlierDetectionConfig.builder()
                             .consecutive5xx(3)
                             .interval(Duration.ofSeconds(10))
                             .baseEjectionTime(Duration.ofSeconds(30))
                             .maxEjectionPercent(50)
                             .build())
                     .timeSource(narrator.time())
                     .random(new Random(42))
                     .scheduler(narrator.scheduler())
                     .build()) {
            registry.eventPublisher().subscribe(event -> {
                if (event instanceof RegistryEvent.InstanceDeregistered gone
                        && gone.reason() == RegistryEvent.RemovalReason.LEASE_EXPIRED) {
                    timeline.at(stamp(narrator), gone.instance().instanceId() + " evicted (lease expired)");
                    narrator.milestone("lease-expired", gone.instance().instanceId()
                            + " missed its renewals for 30 s: its lease expired and the registry evicted it");
                }
            });
            detector.eventPublisher().subscribe(event -> {
                if (event instanceof OutlierEvent.HostEjected ejected) {
                    timeline.at(stamp(narrator), ejected.instance().instanceId() + " ejected for "
                            + ejected.duration().toSeconds() + " s");
                    narrator.milestone("outlier-ejected", ejected.instance().instanceId() + " failed 3 calls in a row:"
                            + " outlier detection ejects it from load balancing for " + ejected.duration().toSeconds() + " s");
                } else if (event instanceof OutlierEvent.HostReturned back) {
                    timeline.at(stamp(narrator), back.instance().instanceId() + " back in rotation");
                    narrator.milestone("host-returned", back.instance().instanceId()
                            + "'s ejection is over: it is back in the rotation");
                }
            });

            List<Scheduler.Cancellable> renewals = new ArrayList<>();
            List<String> ids = List.of("payments-a", "payments-b", "payments-c");
            for (String id : ids) {
                registry.register(Registration.of(ServiceInstance.of(SERVICE, id, "10.0.0." + (ids.indexOf(id) + 1), 8080)));
                renewals.add(narrator.scheduler().scheduleWithFixedDelay(Duration.ofSeconds(10), Duration.ofSeconds(10),
                        () -> registry.renew(SERVICE, id)));
            }
            timeline.at(stamp(narrator), "a, b, c register (30 s leases, renewed every 10 s)");
            narrator.milestone("instances-registered", "payments-a, -b and -c register with 30 s leases and renew"
                    + " them every 10 s; the registry lists " + registry.passingInstances(SERVICE).size());

            ServiceClient payments = ServiceClient.builder(registry, SERVICE)
                    .loadBalancer(LoadBalancer.roundRobin(0))
                    .outlierDetector(detector)
                    .outcomeClassifier((result, error) -> error != null ? CallOutcome.LOCAL_ORIGIN_ERROR
                            : CallOutcome.ofHttpStatus((Integer) result))
                    .build();

            narrator.milestone("round-robin", "6 calls go round-robin: " + calls(narrator, payments, failing, 6));

            failing.add("payments-b");
            narrator.say("payments-b starts answering 503");
            String spread = calls(narrator, payments, failing, 12);
            narrator.milestone("traffic-avoids-ejected", "12 calls: " + spread + " — after the ejection b gets none");

            renewals.get(2).cancel();
            narrator.say("payments-c stops renewing its lease (its process hung)");
            narrator.scheduler().advance(Duration.ofSeconds(45));
            failing.remove("payments-b");
            spread = calls(narrator, payments, failing, 4);
            narrator.milestone("traffic-after", "4 calls: " + spread + " — a and b share the traffic, c is gone");
            renewals.forEach(Scheduler.Cancellable::cancel);
        }
        narrator.draw(timeline);
    }

    /** {@code n} calls, 100 ms apart; returns which instance answered each, e.g. "a b c a". */
    private static String calls(Narrator narrator, ServiceClient client, Set<String> failing, int n) throws Exception {
        StringBuilder served = new StringBuilder();
        String[] chosen = new String[1];
        for (int i = 0; i < n; i++) {
            int status = client.call(instance -> {
                chosen[0] = instance.instanceId().substring("payments-".length());
                return failing.contains(instance.instanceId()) ? 503 : 200;
            });
            String id = chosen[0];
            served.append(served.length() == 0 ? "" : " ").append(id).append(status == 200 ? "" : "(503)");
            narrator.scheduler().advance(Duration.ofMillis(100));
        }
        return served.toString();
    }

    private static String stamp(Narrator narrator) {
        return "+" + Narrator.stamp(narrator.elapsed());
    }
}
