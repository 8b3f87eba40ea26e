package io.trialstream.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads a service's application.properties the way a container sees it (prod profile), so the checks of
 * docker-compose.yml and of the Kubernetes manifests derive each service's required configuration the same way.
 */
public final class ServiceProperties {

    /** Properties in effect in the prod profile, keyed without their profile prefix. */
    public static Map<String, String> activeInProd(Properties properties) {
        Map<String, String> active = new TreeMap<>();
        Map<String, String> prodOverrides = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                active.putIfAbsent(key, properties.getProperty(key));
                continue;
            }
            int dot = key.indexOf('.');
            if (dot > 0 && List.of(key.substring(1, dot).split(",")).contains("prod")) {
                prodOverrides.put(key.substring(dot + 1), properties.getProperty(key));
            }
        }
        active.putAll(prodOverrides);
        return active;
    }

    /** Names in {@code ${name}} expressions that have no {@code :default}; nested expressions inside a default are optional. */
    public static List<String> referencesWithoutDefault(String value) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while ((i = value.indexOf("${", i)) >= 0) {
            if (i > 0 && value.charAt(i - 1) == '\\') {
                i += 2;
                continue;
            }
            int depth = 0;
            int end = -1;
            int colon = -1;
            for (int j = i + 2; j < value.length(); j++) {
                char c = value.charAt(j);
                if (c == '{' && value.charAt(j - 1) == '$') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0) {
                        end = j;
                        break;
                    }
                    depth--;
                } else if (c == ':' && depth == 0 && colon < 0) {
                    colon = j;
                }
            }
            if (end < 0) {
                break;
            }
            if (colon < 0) {
                names.add(value.substring(i + 2, end).trim());
            }
            i = end + 1;
        }
        return names;
    }

    private ServiceProperties() {
    }
}
