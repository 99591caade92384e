package dev.microlab.docs.shop.contract;

import java.util.Map;
import java.util.Objects;

/**
 * One thing a consumer relies on from a provider's api, stated by the consumer: "I call
 * {@code operation} with a request like {@code requestJson}, and I read these fields of the
 * answer". The provider's build verifies it ({@link ContractVerifier}) against its real code.
 *
 * <p>The request is JSON because that is what crosses the wire once the call is HTTP or a
 * message: a request field the provider renames, removes or makes required breaks the consumer
 * whatever the Java compiler says. The fields read are the consumer's <i>minimum</i>: a provider
 * may add fields freely (Postel's law, as in Pact).
 *
 * @param consumer     the consumer's name (a service of the shop, or the storefront)
 * @param description  what the consumer does with it, for the failure message
 * @param providerApi  the provider's api interface
 * @param operation    the api method called (one parameter: the request record)
 * @param requestJson  a request as the consumer sends it
 * @param fieldsRead   the answer's fields the consumer reads, each with its JSON type
 *                     ({@code string}, {@code number}, {@code boolean}, {@code object},
 *                     {@code array}); empty for an operation whose answer is not read
 */
public record Interaction(String consumer, String description, Class<?> providerApi, String operation,
        String requestJson, Map<String, String> fieldsRead) {

    /** Validates and copies. */
    public Interaction {
        Objects.requireNonNull(consumer, "consumer must not be null");
        Objects.requireNonNull(description, "description must not be null");
        Objects.requireNonNull(providerApi, "providerApi must not be null");
        Objects.requireNonNull(operation, "operation must not be null");
        Objects.requireNonNull(requestJson, "requestJson must not be null");
        fieldsRead = Map.copyOf(fieldsRead);
        for (String type : fieldsRead.values()) {
            if (!ContractVerifier.JSON_TYPES.contains(type)) {
                throw new IllegalArgumentException("fieldsRead type must be one of " + ContractVerifier.JSON_TYPES
                        + ", but was '" + type + "'");
            }
        }
    }

    /** "consumer → Provider.operation: description". */
    public String name() {
        return consumer + " -> " + providerApi.getSimpleName() + "." + operation + ": " + description;
    }
}
