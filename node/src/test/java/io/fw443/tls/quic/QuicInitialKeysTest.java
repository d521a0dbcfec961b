package io.fw443.tls.quic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RFC 9001 Appendix A.1 and RFC 9369 Appendix A.1. */
class QuicInitialKeysTest
{
    @Test
    void hkdfLabelsMatchRfc9001()
    {
        final RfcVectors rfc = RfcVectors.load(RfcVectors.RFC9001);
        assertArrayEquals(rfc.get("label_client_in"), Hkdf.hkdfLabel("client in", 32));
        assertArrayEquals(rfc.get("label_server_in"), Hkdf.hkdfLabel("server in", 32));
        assertArrayEquals(rfc.get("label_quic_key"), QuicVersion.V1.keyLabel());
        assertArrayEquals(rfc.get("label_quic_iv"), QuicVersion.V1.ivLabel());
        assertArrayEquals(rfc.get("label_quic_hp"), QuicVersion.V1.hpLabel());
    }

    @Test
    void hkdfLabelsMatchRfc9369()
    {
        final RfcVectors rfc = RfcVectors.load(RfcVectors.RFC9369);
        assertArrayEquals(rfc.get("label_quicv2_key"), QuicVersion.V2.keyLabel());
        assertArrayEquals(rfc.get("label_quicv2_iv"), QuicVersion.V2.ivLabel());
        assertArrayEquals(rfc.get("label_quicv2_hp"), QuicVersion.V2.hpLabel());
    }

    @ParameterizedTest
    @EnumSource(QuicVersion.class)
    void clientKeysMatchRfc(final QuicVersion version)
    {
        final RfcVectors rfc = RfcVectors.of(version);
        final byte[] dcid = rfc.get("dcid");
        final QuicInitialKeys keys = new QuicInitialKeys();
        keys.deriveClient(new Hkdf(), version, dcid, 0, dcid.length);
        assertArrayEquals(rfc.get("initial_secret"), keys.initialSecret());
        assertArrayEquals(rfc.get("client_initial_secret"), keys.secret());
        assertArrayEquals(rfc.get("client_key"), keys.key());
        assertArrayEquals(rfc.get("client_iv"), keys.iv());
        assertArrayEquals(rfc.get("client_hp"), keys.hp());
    }

    @ParameterizedTest
    @EnumSource(QuicVersion.class)
    void serverKeysMatchRfc(final QuicVersion version)
    {
        final RfcVectors rfc = RfcVectors.of(version);
        final byte[] dcid = rfc.get("dcid");
        final QuicInitialKeys keys = new QuicInitialKeys();
        keys.deriveServer(new Hkdf(), version, dcid, 0, dcid.length);
        assertArrayEquals(rfc.get("server_initial_secret"), keys.secret());
        assertArrayEquals(rfc.get("server_key"), keys.key());
        assertArrayEquals(rfc.get("server_iv"), keys.iv());
        assertArrayEquals(rfc.get("server_hp"), keys.hp());
    }

    @Test
    void matchesOnlySameVersionDcidAndDirection()
    {
        final byte[] buf = { 9, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
        final Hkdf hkdf = new Hkdf();
        final QuicInitialKeys keys = new QuicInitialKeys();
        assertFalse(keys.matchesClient(QuicVersion.V1, buf, 1, 8), "nothing derived yet");
        keys.deriveClient(hkdf, QuicVersion.V1, buf, 1, 8);
        assertTrue(keys.matchesClient(QuicVersion.V1, buf, 1, 8));
        assertFalse(keys.matchesClient(QuicVersion.V2, buf, 1, 8));
        assertFalse(keys.matchesClient(QuicVersion.V1, buf, 2, 8));
        assertFalse(keys.matchesClient(QuicVersion.V1, buf, 1, 7));
        keys.deriveServer(hkdf, QuicVersion.V1, buf, 1, 8);
        assertFalse(keys.matchesClient(QuicVersion.V1, buf, 1, 8));
        keys.deriveClient(hkdf, QuicVersion.V1, buf, 1, 8);
        keys.reset();
        assertFalse(keys.matchesClient(QuicVersion.V1, buf, 1, 8));
    }
}
