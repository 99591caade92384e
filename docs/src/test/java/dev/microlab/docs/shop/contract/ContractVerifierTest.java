package dev.microlab.docs.shop.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The verifier catches each kind of breaking change to an api record, and lets compatible ones pass. */
@DisplayName("ContractVerifier")
class ContractVerifierTest {

    // the api as the consumer knew it
    public record Hello(String name) {
    }

    public record Greeting(String text, int length) {
    }

    public interface Greeter {
        Greeting greet(Hello hello);
    }

    // the provider changed in ways the consumer may or may not survive
    public record HelloRenamed(String fullName) {
    }

    public record HelloWithRequiredField(String name, String language) {
    }

    public record GreetingWithoutText(int length) {
    }

    public record GreetingTextAsNumber(long text, int length) {
    }

    public record GreetingWithMore(String text, int length, String emoji) {
    }

    public interface RenamedRequest {
        Greeting greet(HelloRenamed hello);
    }

    public interface NewRequiredRequestField {
        Greeting greet(HelloWithRequiredField hello);
    }

    public interface RemovedResponseField {
        GreetingWithoutText greet(Hello hello);
    }

    public interface RetypedResponseField {
        GreetingTextAsNumber greet(Hello hello);
    }

    public interface AddedResponseField {
        GreetingWithMore greet(Hello hello);
    }

    public interface RenamedOperation {
        Greeting salute(Hello hello);
    }

    private static Interaction needs(Class<?> api) {
        return new Interaction("web", "greet the user", api, "greet", "{\"name\":\"Ada\"}", Map.of("text", "string"));
    }

    @Test
    @DisplayName("the original provider passes")
    void originalPasses() {
        Greeter provider = h -> new Greeting("hi " + h.name(), 3 + h.name().length());
        assertThat(ContractVerifier.verify(needs(Greeter.class), provider)).isEmpty();
    }

    @Test
    @DisplayName("a renamed request field breaks the consumer")
    void renamedRequestField() {
        RenamedRequest provider = h -> new Greeting("hi", 2);
        assertThat(ContractVerifier.verify(needs(RenamedRequest.class), provider)).singleElement().asString()
                .contains("does not bind to HelloRenamed").contains("name");
    }

    @Test
    @DisplayName("a new required request field breaks the consumer")
    void newRequiredRequestField() {
        NewRequiredRequestField provider = h -> new Greeting("hi", 2);
        assertThat(ContractVerifier.verify(needs(NewRequiredRequestField.class), provider)).singleElement().asString()
                .contains("does not bind").contains("language");
    }

    @Test
    @DisplayName("a removed response field the consumer reads breaks it")
    void removedResponseField() {
        RemovedResponseField provider = h -> new GreetingWithoutText(2);
        assertThat(ContractVerifier.verify(needs(RemovedResponseField.class), provider)).singleElement().asString()
                .contains("has no field 'text'");
    }

    @Test
    @DisplayName("a retyped response field breaks the consumer")
    void retypedResponseField() {
        RetypedResponseField provider = h -> new GreetingTextAsNumber(1, 2);
        assertThat(ContractVerifier.verify(needs(RetypedResponseField.class), provider)).singleElement().asString()
                .contains("field 'text' is a JSON number, but the consumer reads a string");
    }

    @Test
    @DisplayName("a renamed operation breaks the consumer")
    void renamedOperation() {
        RenamedOperation provider = h -> new Greeting("hi", 2);
        assertThat(ContractVerifier.verify(needs(RenamedOperation.class), provider)).singleElement().asString()
                .contains("has no operation 'greet'");
    }

    @Test
    @DisplayName("a provider that refuses the consumer's request breaks it")
    void refusedRequest() {
        Greeter provider = h -> {
            throw new IllegalArgumentException("name must be at least 5 characters");
        };
        assertThat(ContractVerifier.verify(needs(Greeter.class), provider)).singleElement().asString()
                .contains("refused").contains("at least 5 characters");
    }

    @Test
    @DisplayName("an added response field is compatible: the consumer states its minimum")
    void addedResponseFieldPasses() {
        AddedResponseField provider = h -> new GreetingWithMore("hi", 2, ":)");
        assertThat(ContractVerifier.verify(needs(AddedResponseField.class), provider)).isEmpty();
    }

    @Test
    @DisplayName("an interaction with an unknown JSON type is refused when it is written")
    void unknownJsonType() {
        assertThatThrownBy(() -> new Interaction("web", "x", Greeter.class, "greet", "{}", Map.of("text", "str")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'str'");
        assertThat(List.of(ContractVerifier.jsonType(List.of()), ContractVerifier.jsonType(true)))
                .containsExactly("array", "boolean");
    }
}
