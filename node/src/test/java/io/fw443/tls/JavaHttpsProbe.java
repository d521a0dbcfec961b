package io.fw443.tls;

import java.net.InetAddress;
import java.net.Socket;
import java.net.URL;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The Java HTTPS client of {@link RealToolsTlsTest}, run in the client namespace as its own JVM:
 * HttpsURLConnection to {@code args[0]} with SNI {@code args[1]}, trusting the test's self-signed
 * certificate. Prints the HTTP status.
 */
public final class JavaHttpsProbe {
    private JavaHttpsProbe() {
    }

    public static void main(String[] args) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAll()}, null);
        HttpsURLConnection c = (HttpsURLConnection) new URL(args[0]).openConnection();
        c.setSSLSocketFactory(new WithSni(context.getSocketFactory(), args[1]));
        c.setHostnameVerifier((host, session) -> true);
        c.setConnectTimeout(20_000);
        c.setReadTimeout(20_000);
        System.out.println(c.getResponseCode());
        c.getInputStream().readAllBytes();
        c.disconnect();
    }

    /** Test-only trust: the server certificate is self-signed at test time. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** The URL names an IP address (no DNS in the namespace), so the SNI is set explicitly. */
    private static final class WithSni extends SSLSocketFactory {
        private final SSLSocketFactory base;
        private final String sni;

        WithSni(SSLSocketFactory base, String sni) {
            this.base = base;
            this.sni = sni;
        }

        private Socket named(Socket s) {
            SSLSocket ssl = (SSLSocket) s;
            SSLParameters p = ssl.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(sni)));
            ssl.setSSLParameters(p);
            return ssl;
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws java.io.IOException {
            return named(base.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws java.io.IOException {
            return named(base.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws java.io.IOException {
            return named(base.createSocket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws java.io.IOException {
            return named(base.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws java.io.IOException {
            return named(base.createSocket(host, port, local, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return base.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return base.getSupportedCipherSuites();
        }
    }
}
