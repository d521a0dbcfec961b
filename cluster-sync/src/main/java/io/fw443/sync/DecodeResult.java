package io.fw443.sync;

/** The verdict of {@link SyncDecoder} on one received message; every value but OK has a counter and a log line. */
public enum DecodeResult {
    OK,
    /** Shorter than a header, or than the payload length it announces. */
    TRUNCATED,
    /** Not a sync message at all. */
    BAD_MAGIC,
    /** A sync message of a protocol version this node does not speak; the sender is refused. */
    UNSUPPORTED_VERSION,
    /** An unknown message type. */
    BAD_TYPE,
    /** Unknown flag bits or a non-zero reserved field. */
    BAD_FLAGS,
    /** Payload length disagrees with the message length or with the type's layout for the entry count. */
    LENGTH_MISMATCH,
    /** More entries than the type allows (or entries where it has none). */
    BAD_COUNT,
    /** The header's sender is not the member the transport received it from, or is this node itself. */
    BAD_SENDER,
    /** A malformed field in a section prefix (zero incarnation or sequence, range out of bounds, ...). */
    BAD_FIELD,
    /** An entry with a malformed key, record or label. */
    BAD_RECORD,
    /** A sequence already seen (or too old) for this sender incarnation, or a retired incarnation. */
    REPLAYED
}
