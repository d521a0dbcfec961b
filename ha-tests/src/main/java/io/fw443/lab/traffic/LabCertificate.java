package io.fw443.lab.traffic;

import io.fw443.lab.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A throw-away self-signed EC certificate made with openssl (the lab's clients trust anything). */
record LabCertificate(Path certificate, Path key) {
    static LabCertificate generate(Path dir, String commonName) throws IOException {
        Files.createDirectories(dir);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Shell.run(Duration.ofSeconds(30), List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-subj", "/CN=" + commonName, "-days", "2")).check();
        return new LabCertificate(cert, key);
    }
}
