package io.shardwise.router.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;

class ShardKeyHasherTest {

  private static final LongHashFunction XXH64 = LongHashFunction.xx();
  private static final HexFormat HEX = HexFormat.of();

  // Reference vectors of XXH64 itself, seed 0 (the xxHash project's and python-xxhash's), also
  // checked against an independent implementation written from the xxHash specification. The
  // third input is longer than 32 bytes, so it exercises the four-lane loop.
  @Test
  void xxh64_matchesReferenceVectors() {
    assertThat(XXH64.hashBytes(new byte[0])).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(XXH64.hashBytes(utf8("abc"))).isEqualTo(0x44BC2CF5AD770999L);
    assertThat(XXH64.hashBytes(utf8("Nobody inspects the spammish repetition")))
        .isEqualTo(0xFBCEA83C8A378BF1L);
  }

  // Pinned vectors of our encoding, computed by the independent implementation, not by this code.
  // If one of these fails, a change moved data: every existing
  // shard map would now place these keys elsewhere. Do not update them; revert the change.
  @Test
  void encoding_isPinned() throws RoutingException {
    assertCanonical(42, "2a00000000000000", 0xB556806FB6D14353L);
    assertCanonical(-1L, "ffffffffffffffff", 0x85D136ADB773C6C9L);
    assertCanonical(Long.MIN_VALUE, "0000000000000080", 0x3F425EACF01544E0L);
    assertCanonical(
        BigInteger.ONE.shiftLeft(64),
        "01010000000000000000",
        0x49987EA9C2805899L); // 2^64: marker + 9 bytes
    assertCanonical(
        BigInteger.ONE.shiftLeft(63),
        "01008000000000000000",
        0x541DCD727BF82ED2L); // 2^63: Long.MAX_VALUE + 1
    assertCanonical("user-1", "757365722d31", 0xA173746B114C6BE8L);
    assertCanonical("Zürich", "5ac3bc72696368", 0x85F1DEBCBB1A8279L);
    assertCanonical(
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        "123e4567e89b12d3a456426614174000",
        0x48FBA9D1F5D72644L);
    assertCanonical(new byte[] {1, 2, 3, 4, (byte) 0xff}, "01020304ff", 0xDC9B9DF2D0B9FEC0L);
  }

  @Test
  void hashLong_isLittleEndianOnEveryPlatform() throws RoutingException {
    for (long value : new long[] {42L, -1L, 0L, Long.MIN_VALUE, Long.MAX_VALUE, 0x0102030405L}) {
      byte[] le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
      assertThat(ShardKeyHasher.hash(value)).as("hash(%dL)", value).isEqualTo(XXH64.hashBytes(le));
    }
  }

  @Test
  void equalIntegralValues_hashIdentically_whateverTheirType() throws RoutingException {
    assertSameHash(
        42,
        42L,
        (short) 42,
        (byte) 42,
        BigInteger.valueOf(42),
        new BigDecimal("42"),
        new BigDecimal("42.000"),
        new BigDecimal("4.20E+1"),
        BigDecimal.valueOf(42.0));
    assertSameHash(-7, -7L, (short) -7, (byte) -7, BigInteger.valueOf(-7), new BigDecimal("-7.0"));
    assertSameHash(0, 0L, BigInteger.ZERO, new BigDecimal("0.000"), new BigDecimal("0E+5"));
    assertSameHash(
        Long.MIN_VALUE,
        BigInteger.valueOf(Long.MIN_VALUE),
        new BigDecimal("-9223372036854775808.00"));
    assertSameHash(
        BigInteger.ONE.shiftLeft(63),
        new BigDecimal("9223372036854775808"),
        new BigDecimal("9.223372036854775808E+18"));
  }

  @Test
  void differentValuesAndFamilies_hashDifferently() throws RoutingException {
    // 2^63 must not wrap onto Long.MIN_VALUE, nor 2^64 onto 0.
    assertThat(ShardKeyHasher.hash(BigInteger.ONE.shiftLeft(63)))
        .isNotEqualTo(ShardKeyHasher.hash(Long.MIN_VALUE));
    assertThat(ShardKeyHasher.hash(BigInteger.ONE.shiftLeft(64)))
        .isNotEqualTo(ShardKeyHasher.hash(0L));
    // The documented caveat: a number bound as a string is another key.
    assertThat(ShardKeyHasher.hash("42")).isNotEqualTo(ShardKeyHasher.hash(42));
  }

  @Test
  void hash_isXxh64OfCanonicalBytes() throws RoutingException {
    List<Object> keys =
        List.of(
            0,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            (short) -300,
            (byte) 127,
            BigInteger.TEN.pow(40).negate(),
            new BigDecimal("1.5E+30"),
            "",
            "ключ",
            UUID.randomUUID(),
            new byte[0]);
    for (Object key : keys) {
      assertThat(ShardKeyHasher.hash(key))
          .as("hash(%s)", key)
          .isEqualTo(XXH64.hashBytes(ShardKeyHasher.canonicalBytes(key)));
    }
  }

  @Test
  void canonicalBytes_ofByteArray_isACopy() throws RoutingException {
    byte[] key = {1, 2, 3};
    byte[] bytes = ShardKeyHasher.canonicalBytes(key);
    bytes[0] = 9;
    assertThat(key).containsExactly(1, 2, 3);
  }

  @Test
  void nullKey_isRefusedWithNullShardKey() {
    RoutingException e = refused(null);
    assertThat(e.code()).isEqualTo(ErrorCode.NULL_SHARD_KEY);
    assertThat(e.getSQLState()).isEqualTo("SW003");
    assertThat(e.getMessage()).contains("a row without a shard key has no owning shard");
    assertThat(catchThrowableOfType(RoutingException.class, () -> canonical(null)).code())
        .isEqualTo(ErrorCode.NULL_SHARD_KEY);
  }

  @Test
  void keysWithoutCanonicalEncoding_areRefusedNamingTheirType() {
    List<Object> keys =
        List.of(
            42.0d,
            42.0f,
            true,
            'x',
            LocalDate.of(2026, 1, 1),
            new java.util.Date(0),
            new int[] {1});
    for (Object key : keys) {
      RoutingException e = refused(key);
      assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_KEY_TYPE);
      assertThat(e.getSQLState()).isEqualTo("SW008");
      assertThat(e.getMessage())
          .contains(key.getClass().getTypeName())
          .contains(ShardKeyHasher.SUPPORTED_TYPES);
      assertThat(catchThrowableOfType(RoutingException.class, () -> canonical(key)).code())
          .isEqualTo(ErrorCode.UNSUPPORTED_KEY_TYPE);
    }
    assertThat(refused(new int[0]).getMessage()).contains("int[]");
  }

  @Test
  void decimalWithFraction_isRefused() {
    for (String value : new String[] {"4.2", "42.0001", "-0.5", "1E-1"}) {
      RoutingException e = refused(new BigDecimal(value));
      assertThat(e.getSQLState()).isEqualTo("SW008");
      assertThat(e.getMessage())
          .contains("java.math.BigDecimal")
          .contains("fractional part")
          .contains(ShardKeyHasher.SUPPORTED_TYPES);
    }
  }

  @Test
  void hugeDecimal_isRefusedBeforeItIsExpanded() {
    RoutingException e = refused(new BigDecimal("1E+999999999"));
    assertThat(e.getSQLState()).isEqualTo("SW008");
    assertThat(e.getMessage()).contains("integer digits");
  }

  @Test
  void primitiveWrapperKeys_allocateNothing() throws RoutingException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Object[] keys = {42, 42L, (short) 42, (byte) 42, 1_000_000, Long.MAX_VALUE};
    long sink = 0;
    for (int warm = 0; warm < 20_000; warm++) { // let the JIT compile hash()
      sink += ShardKeyHasher.hash(keys[warm % keys.length]);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 600_000; i++) {
      sink += ShardKeyHasher.hash(keys[i % keys.length]);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    System.out.printf("[hasher] 600000 boxed-integer hashes allocated %d bytes%n", allocated);
    // Boxing or a byte[] per call would be megabytes; the bound only absorbs measurement noise.
    assertThat(allocated).as("bytes allocated (sink %d)", sink).isLessThan(64 * 1024);
  }

  private static void assertCanonical(Object key, String hexBytes, long expectedHash)
      throws RoutingException {
    assertThat(HEX.formatHex(ShardKeyHasher.canonicalBytes(key)))
        .as("canonical bytes of %s", key)
        .isEqualTo(hexBytes);
    assertThat(ShardKeyHasher.hash(key))
        .as("hash of %s = 0x%016X", key, ShardKeyHasher.hash(key))
        .isEqualTo(expectedHash);
  }

  private static void assertSameHash(Object... keys) throws RoutingException {
    long expected = ShardKeyHasher.hash(keys[0]);
    for (Object key : keys) {
      assertThat(ShardKeyHasher.hash(key))
          .as("hash(%s) of %s", key, key.getClass().getSimpleName())
          .isEqualTo(expected);
      assertThat(ShardKeyHasher.canonicalBytes(key)).isEqualTo(canonical(keys[0]));
    }
  }

  private static RoutingException refused(Object key) {
    return catchThrowableOfType(RoutingException.class, () -> ShardKeyHasher.hash(key));
  }

  private static byte[] canonical(Object key) throws RoutingException {
    return ShardKeyHasher.canonicalBytes(key);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
