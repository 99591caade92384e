/** microlab's ArchUnit rules (service boundaries), for docs, exercises and users' own builds. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.microlab.archunit {
    requires transitive com.tngtech.archunit;

    exports dev.microlab.archunit;
}
