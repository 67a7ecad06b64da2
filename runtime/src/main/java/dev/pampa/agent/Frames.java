package dev.pampa.agent;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The wire form of {@link Message}s: a frame is a 4-byte big-endian length, then a type byte and the
 * fields. Values of task rows and staged results carry a type tag from a closed list (numbers, text,
 * decimals, bytes, UUIDs, java.time values, JSON, arrays of those), so that a processor sees the same
 * Java types as when it read the row itself, and a bad frame can never make the reader build an
 * object of a class it names. A value of another type travels as its text (logged by the sender).
 */
public final class Frames {
    /** No frame is longer: a longer length is garbage, not a big task. */
    public static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;

    private static final byte HELLO = 1, WELCOME = 2, JOB_INFO = 3, TASKS = 4, OUTCOME = 5, JOB_PROBLEM = 6, PING = 7, BYE = 8, BYE_ACK = 9, STOP = 10;
    private static final byte REVOKE = 40;

    private static final byte V_NULL = 0, V_BOOL = 1, V_SHORT = 2, V_INT = 3, V_LONG = 4, V_FLOAT = 5, V_DOUBLE = 6, V_STRING = 7,
            V_DECIMAL = 8, V_BIGINT = 9, V_BYTES = 10, V_UUID = 11, V_ODT = 12, V_LDT = 13, V_LD = 14, V_LT = 15, V_INSTANT = 16,
            V_OT = 17, V_OTHER = 18, V_JSON = 19, V_JSONB = 20, V_ARRAY = 21;

    private Frames() {
    }

    /** Writes one frame (not flushed). */
    public static void write(OutputStream out, Message m) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
        DataOutputStream d = new DataOutputStream(buf);
        if (m instanceof Message.Hello h) {
            d.writeByte(HELLO);
            str(d, h.worker());
            d.writeLong(h.pid());
            str(d, h.incarnation());
            d.writeInt(h.protocol());
        } else if (m instanceof Message.Welcome w) {
            d.writeByte(WELCOME);
            str(d, w.refusal());
        } else if (m instanceof Message.JobInfo j) {
            d.writeByte(JOB_INFO);
            str(d, j.job());
            str(d, j.processor());
            d.writeLong(j.limitMillis());
            d.writeInt(j.maxTryTimes());
        } else if (m instanceof Message.Tasks t) {
            d.writeByte(TASKS);
            str(d, t.job());
            d.writeInt(t.tasks().size());
            for (Message.TaskItem i : t.tasks()) {
                value(d, i.key());
                d.writeInt(i.tryNumber());
                map(d, i.values());
            }
        } else if (m instanceof Message.Outcome o) {
            d.writeByte(OUTCOME);
            str(d, o.job());
            value(d, o.key());
            d.writeInt(o.tryNumber());
            d.writeByte(o.kind().ordinal());
            map(d, o.staged());
            str(d, o.error());
            d.writeBoolean(o.timedOut());
            d.writeLong(o.nanos());
        } else if (m instanceof Message.JobProblem p) {
            d.writeByte(JOB_PROBLEM);
            str(d, p.job());
            str(d, p.problem());
        } else if (m instanceof Message.Ping p) {
            d.writeByte(PING);
            str(d, p.currentJob());
            str(d, p.currentTask());
            d.writeLong(p.done());
            d.writeLong(p.failed());
        } else if (m instanceof Message.Bye b) {
            d.writeByte(BYE);
            str(d, b.restart());
        } else if (m instanceof Message.ByeAck a) {
            d.writeByte(BYE_ACK);
            d.writeInt(a.released());
        } else if (m instanceof Message.Stop s) {
            d.writeByte(STOP);
            str(d, s.reason());
        } else if (m instanceof Message.Revoke r) {
            d.writeByte(REVOKE);
            str(d, r.reason());
        }

        d.flush();
        int n = buf.size();
        out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        buf.writeTo(out);
    }

    /**
     * Reads one frame; null at a clean end of stream (between frames).
     *
     * @throws BadFrameException when the bytes are not a frame of this protocol
     */
    public static Message read(InputStream in) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        DataInputStream head = new DataInputStream(in);
        int n = (b0 << 24) | (head.readUnsignedByte() << 16) | (head.readUnsignedByte() << 8) | head.readUnsignedByte();
        if (n <= 0 || n > MAX_FRAME_BYTES) {
            throw new BadFrameException("frame length " + n + " is outside 1.." + MAX_FRAME_BYTES);
        }
        byte[] body = new byte[n];
        head.readFully(body);
        DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(body));
        try {
            Message m = body(d);
            if (d.available() > 0) {
                throw new BadFrameException("frame of type " + body[0] + " has " + d.available() + " byte(s) left over");
            }
            return m;
        } catch (EOFException e) {
            throw new BadFrameException("frame of type " + body[0] + " is cut short (" + n + " bytes)");
        } catch (RuntimeException e) {
            throw new BadFrameException("frame of type " + body[0] + " does not parse: " + e);
        }
    }

    private static Message body(DataInputStream d) throws IOException {
        byte type = d.readByte();
        return switch (type) {
            case HELLO -> new Message.Hello(str(d), d.readLong(), str(d), d.readInt());
            case WELCOME -> new Message.Welcome(str(d));
            case JOB_INFO -> new Message.JobInfo(str(d), str(d), d.readLong(), d.readInt());
            case TASKS -> {
                String job = str(d);
                int count = count(d);
                List<Message.TaskItem> items = new ArrayList<>(Math.min(count, 1024));
                for (int i = 0; i < count; i++) {
                    items.add(new Message.TaskItem(value(d), d.readInt(), map(d)));
                }
                yield new Message.Tasks(job, items);
            }
            case OUTCOME -> {
                String job = str(d);
                Object key = value(d);
                int tryNumber = d.readInt();
                int kind = d.readUnsignedByte();
                if (kind >= Message.Kind.values().length) {
                    throw new BadFrameException("outcome kind " + kind + " is unknown");
                }
                yield new Message.Outcome(job, key, tryNumber, Message.Kind.values()[kind], map(d), str(d), d.readBoolean(), d.readLong());
            }
            case JOB_PROBLEM -> new Message.JobProblem(str(d), str(d));
            case PING -> new Message.Ping(str(d), str(d), d.readLong(), d.readLong());
            case BYE -> new Message.Bye(str(d));
            case BYE_ACK -> new Message.ByeAck(d.readInt());
            case STOP -> new Message.Stop(str(d));
            case REVOKE -> new Message.Revoke(str(d));
            default -> throw new BadFrameException("frame type " + type + " is unknown");
        };
    }

    private static int count(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n < 0 || n > MAX_FRAME_BYTES) {
            throw new BadFrameException("count " + n + " is impossible in a frame");
        }
        return n;
    }

    private static void str(DataOutputStream d, String s) throws IOException {
        if (s == null) {
            d.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.writeInt(b.length);
        d.write(b);
    }

    private static String str(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > d.available()) {
            throw new BadFrameException("text of " + n + " bytes does not fit the frame");
        }
        byte[] b = new byte[n];
        d.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void map(DataOutputStream d, Map<String, Object> m) throws IOException {
        d.writeInt(m.size());
        for (Map.Entry<String, Object> e : m.entrySet()) {
            str(d, e.getKey());
            value(d, e.getValue());
        }
    }

    private static Map<String, Object> map(DataInputStream d) throws IOException {
        int n = count(d);
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String k = str(d);
            if (k == null) {
                throw new BadFrameException("a column without a name");
            }
            m.put(k, value(d));
        }
        return m;
    }

    static void value(DataOutputStream d, Object v) throws IOException {
        if (v == null) {
            d.writeByte(V_NULL);
        } else if (v instanceof Boolean b) {
            d.writeByte(V_BOOL);
            d.writeBoolean(b);
        } else if (v instanceof Short s) {
            d.writeByte(V_SHORT);
            d.writeShort(s);
        } else if (v instanceof Integer i) {
            d.writeByte(V_INT);
            d.writeInt(i);
        } else if (v instanceof Long l) {
            d.writeByte(V_LONG);
            d.writeLong(l);
        } else if (v instanceof Float fl) {
            d.writeByte(V_FLOAT);
            d.writeFloat(fl);
        } else if (v instanceof Double db) {
            d.writeByte(V_DOUBLE);
            d.writeDouble(db);
        } else if (v instanceof String s) {
            d.writeByte(V_STRING);
            str(d, s);
        } else if (v instanceof BigDecimal bd) {
            d.writeByte(V_DECIMAL);
            str(d, bd.toString());
        } else if (v instanceof BigInteger bi) {
            d.writeByte(V_BIGINT);
            str(d, bi.toString());
        } else if (v instanceof byte[] bytes) {
            d.writeByte(V_BYTES);
            d.writeInt(bytes.length);
            d.write(bytes);
        } else if (v instanceof UUID u) {
            d.writeByte(V_UUID);
            d.writeLong(u.getMostSignificantBits());
            d.writeLong(u.getLeastSignificantBits());
        } else if (v instanceof OffsetDateTime t) {
            d.writeByte(V_ODT);
            str(d, t.toString());
        } else if (v instanceof LocalDateTime t) {
            d.writeByte(V_LDT);
            str(d, t.toString());
        } else if (v instanceof LocalDate t) {
            d.writeByte(V_LD);
            str(d, t.toString());
        } else if (v instanceof LocalTime t) {
            d.writeByte(V_LT);
            str(d, t.toString());
        } else if (v instanceof Instant t) {
            d.writeByte(V_INSTANT);
            str(d, t.toString());
        } else if (v instanceof OffsetTime t) {
            d.writeByte(V_OT);
            str(d, t.toString());
        } else if (v instanceof Object[] a && ARRAY_TYPES.containsValue(a.getClass().getComponentType())) {
            d.writeByte(V_ARRAY);
            str(d, a.getClass().getComponentType().getName());
            d.writeInt(a.length);
            for (Object e : a) {
                value(d, e);
            }
        } else if (v.getClass().getName().equals("org.jooq.JSON")) {
            d.writeByte(V_JSON);
            str(d, v.toString());
        } else if (v.getClass().getName().equals("org.jooq.JSONB")) {
            d.writeByte(V_JSONB);
            str(d, v.toString());
        } else {
            d.writeByte(V_OTHER);
            str(d, v.getClass().getName());
            str(d, v.toString());
        }
    }

    private static final Map<String, Class<?>> ARRAY_TYPES = Map.ofEntries(
            Map.entry("java.lang.Object", Object.class), Map.entry("java.lang.Boolean", Boolean.class),
            Map.entry("java.lang.Short", Short.class), Map.entry("java.lang.Integer", Integer.class),
            Map.entry("java.lang.Long", Long.class), Map.entry("java.lang.Float", Float.class),
            Map.entry("java.lang.Double", Double.class), Map.entry("java.lang.String", String.class),
            Map.entry("java.math.BigDecimal", BigDecimal.class), Map.entry("java.util.UUID", UUID.class),
            Map.entry("java.time.OffsetDateTime", OffsetDateTime.class), Map.entry("java.time.LocalDateTime", LocalDateTime.class),
            Map.entry("java.time.LocalDate", LocalDate.class));

    static Object value(DataInputStream d) throws IOException {
        byte tag = d.readByte();
        return switch (tag) {
            case V_NULL -> null;
            case V_BOOL -> d.readBoolean();
            case V_SHORT -> d.readShort();
            case V_INT -> d.readInt();
            case V_LONG -> d.readLong();
            case V_FLOAT -> d.readFloat();
            case V_DOUBLE -> d.readDouble();
            case V_STRING -> str(d);
            case V_DECIMAL -> new BigDecimal(str(d));
            case V_BIGINT -> new BigInteger(str(d));
            case V_BYTES -> {
                int n = count(d);
                if (n > d.available()) {
                    throw new BadFrameException("bytes value of " + n + " bytes does not fit the frame");
                }
                byte[] b = new byte[n];
                d.readFully(b);
                yield b;
            }
            case V_UUID -> new UUID(d.readLong(), d.readLong());
            case V_ODT -> OffsetDateTime.parse(str(d));
            case V_LDT -> LocalDateTime.parse(str(d));
            case V_LD -> LocalDate.parse(str(d));
            case V_LT -> LocalTime.parse(str(d));
            case V_INSTANT -> Instant.parse(str(d));
            case V_OT -> OffsetTime.parse(str(d));
            case V_ARRAY -> {
                Class<?> component = ARRAY_TYPES.get(str(d));
                if (component == null) {
                    throw new BadFrameException("array of an unknown type");
                }
                int n = count(d);
                Object[] a = (Object[]) java.lang.reflect.Array.newInstance(component, Math.min(n, d.available()));
                if (a.length != n) {
                    throw new BadFrameException("array of " + n + " values does not fit the frame");
                }
                for (int i = 0; i < n; i++) {
                    a[i] = value(d);
                }
                yield a;
            }
            case V_JSON -> JsonValues.json(str(d));
            case V_JSONB -> JsonValues.jsonb(str(d));
            case V_OTHER -> {
                str(d);
                yield str(d);
            }
            default -> throw new BadFrameException("value tag " + tag + " is unknown");
        };
    }
}
