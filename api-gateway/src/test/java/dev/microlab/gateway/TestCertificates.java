package dev.microlab.gateway;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Key pairs and trust stores made with the JDK's keytool when a test runs: nothing is committed.
 * Each certificate names 127.0.0.1 as a subject alternative name, so hostname verification of
 * the JDK client passes for loopback.
 */
final class TestCertificates {

    static final char[] PASSWORD = "test-only-password".toCharArray();

    private final Path dir;

    TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A PKCS#12 store holding a new self-signed key pair for {@code name}. */
    Path keyPair(String name) throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        return store;
    }

    /** A PKCS#12 trust store holding the certificates of {@code keyStores}' key pairs. */
    Path trustStore(String name, String... keyPairs) throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        for (String pair : keyPairs) {
            Path pem = dir.resolve(pair + ".pem");
            keytool("-exportcert", "-alias", pair, "-keystore", dir.resolve(pair + ".p12").toString(),
                    "-storepass", new String(PASSWORD), "-rfc", "-file", pem.toString());
            keytool("-importcert", "-noprompt", "-alias", pair, "-file", pem.toString(), "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass", new String(PASSWORD));
        }
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
