package dev.microlab.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One applied config: every route with its service and its plugins (route over service over
 * global, Kong's precedence), sorted the way Kong's router tries them. Immutable: a reload builds
 * a new table and swaps it in one step, so a request sees either the old config or the new one.
 */
final class RouteTable {

    /** A route ready to serve: its plugins in priority order. */
    record CompiledRoute(KongConfig.Service service, KongConfig.Route route, String routeName,
                         List<GatewayPlugin> plugins, Map<String, KongConfig.Plugin> byName, int specificity) {

        KongConfig.Plugin plugin(String name) {
            return byName.get(name);
        }
    }

    /** A match: the route and the path prefix it matched (empty when it has no paths). */
    record Match(CompiledRoute route, String matchedPrefix) {
    }

    interface PluginFactory {
        GatewayPlugin create(KongConfig.Plugin plugin, String scope);
    }

    final KongConfig config;
    final List<CompiledRoute> routes;

    RouteTable(KongConfig config, PluginFactory factory) {
        this.config = config;
        List<CompiledRoute> compiled = new ArrayList<>();
        for (KongConfig.Service service : config.services()) {
            for (int i = 0; i < service.routes().size(); i++) {
                KongConfig.Route route = service.routes().get(i);
                String routeName = route.name() != null ? route.name() : service.name() + "-route-" + i;
                Map<String, KongConfig.Plugin> byName = new LinkedHashMap<>();
                Map<String, String> scopes = new LinkedHashMap<>();
                for (KongConfig.Plugin p : config.plugins()) {
                    byName.put(p.name(), p);
                    scopes.put(p.name(), "global");
                }
                for (KongConfig.Plugin p : service.plugins()) {
                    byName.put(p.name(), p);
                    scopes.put(p.name(), "service:" + service.name());
                }
                for (KongConfig.Plugin p : route.plugins()) {
                    byName.put(p.name(), p);
                    scopes.put(p.name(), "route:" + routeName);
                }
                byName.values().removeIf(p -> !p.enabled());
                List<GatewayPlugin> plugins = new ArrayList<>();
                for (KongConfig.Plugin p : byName.values()) {
                    GatewayPlugin plugin = factory.create(p, scopes.get(p.name()));
                    if (plugin != null) {
                        plugins.add(plugin);
                    }
                }
                plugins.sort(Comparator.comparingInt(GatewayPlugin::priority).reversed());
                int specificity = (route.hosts().isEmpty() ? 0 : 1) + (route.headers().isEmpty() ? 0 : 1)
                        + (route.methods().isEmpty() ? 0 : 1) + (route.paths().isEmpty() ? 0 : 1);
                compiled.add(new CompiledRoute(service, route, routeName, List.copyOf(plugins), Map.copyOf(byName),
                        specificity));
            }
        }
        this.routes = List.copyOf(compiled);
    }

    /**
     * The route for a request, as Kong's router picks it: among the routes whose every condition
     * holds, the one with the most conditions, then the longest matching path prefix, then the
     * first in the file. Paths match as plain string prefixes ({@code /api/users} matches
     * {@code /api/users/7} and also {@code /api/users7}), as in Kong.
     */
    Match match(GatewayExchange ex) {
        Match best = null;
        for (CompiledRoute r : routes) {
            KongConfig.Route route = r.route();
            if (!route.methods().isEmpty() && !route.methods().contains(ex.method)) {
                continue;
            }
            if (!route.hosts().isEmpty() && !hostMatches(route.hosts(), ex.host())) {
                continue;
            }
            if (!headersMatch(route.headers(), ex)) {
                continue;
            }
            String prefix = "";
            if (!route.paths().isEmpty()) {
                prefix = null;
                for (String p : route.paths()) {
                    if (ex.path.startsWith(p) && (prefix == null || p.length() > prefix.length())) {
                        prefix = p;
                    }
                }
                if (prefix == null) {
                    continue;
                }
            }
            if (best == null || r.specificity() > best.route().specificity()
                    || (r.specificity() == best.route().specificity() && prefix.length() > best.matchedPrefix().length())) {
                best = new Match(r, prefix);
            }
        }
        return best;
    }

    private static boolean hostMatches(List<String> hosts, String host) {
        if (host == null) {
            return false;
        }
        for (String h : hosts) {
            if (h.equals(host) || (h.startsWith("*.") && host.endsWith(h.substring(1)))
                    || (h.endsWith(".*") && host.startsWith(h.substring(0, h.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean headersMatch(Map<String, List<String>> required, GatewayExchange ex) {
        for (Map.Entry<String, List<String>> e : required.entrySet()) {
            boolean any = false;
            for (String v : ex.headerValues(e.getKey())) {
                for (String wanted : e.getValue()) {
                    if (wanted.equalsIgnoreCase(v.trim())) {
                        any = true;
                    }
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }
}
