package io.shardwise.router.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shardwise.router.config.KeyType;
import io.shardwise.router.config.TableRule;
import io.shardwise.router.error.ErrorCode;
import io.shardwise.router.error.RoutingException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A declared {@code keyType}: which values convert to it, which are refused, and what is kept. */
class KeyConversionTest {

  private static final TableRule UNDECLARED = TableRule.sharded("events", "user_id", null);
  private static final TableRule INTEGER =
      TableRule.sharded("users", "user_id", "accounts", KeyType.INTEGER);
  private static final TableRule TEXT =
      TableRule.sharded("devices", "device_id", null, KeyType.TEXT);
  private static final TableRule UUID_KEY =
      TableRule.sharded("tokens", "token", null, KeyType.UUID);

  private static final UUID A_UUID = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

  // ---- no keyType: the placement contract ------------------------------------------------

  @Test
  void withoutKeyType_everyValueHashesExactlyAsBefore() throws RoutingException {
    Object[] keys = {
      42,
      42L,
      (short) 42,
      new BigDecimal("42.000"),
      BigInteger.ONE.shiftLeft(64),
      "42",
      " 42",
      "user-1",
      A_UUID,
      A_UUID.toString(),
      new byte[] {1, 2}
    };
    for (Object key : keys) {
      assertThat(ShardKeyHasher.hash(key, UNDECLARED)).as("%s", key).isEqualTo(hash(key));
      assertThat(ShardKeyHasher.convert(key, UNDECLARED)).isSameAs(key);
    }
    // the caveat stays for undeclared tables: "42" and 42 are different keys
    assertThat(ShardKeyHasher.hash("42", UNDECLARED)).isNotEqualTo(hash(42L));
    // pinned vectors of ShardKeyHasherTest, through the table-aware entry point
    assertThat(ShardKeyHasher.hash(42, UNDECLARED)).isEqualTo(0xB556806FB6D14353L);
    assertThat(ShardKeyHasher.hash("user-1", UNDECLARED)).isEqualTo(0xA173746B114C6BE8L);
  }

  @Test
  void withoutKeyType_refusalsAreUnchanged() {
    assertThat(refused(null, UNDECLARED).code()).isEqualTo(ErrorCode.NULL_SHARD_KEY);
    assertThat(refused(4.5d, UNDECLARED).code()).isEqualTo(ErrorCode.UNSUPPORTED_KEY_TYPE);
  }

  // ---- integer ---------------------------------------------------------------------------

  @Test
  void integer_textOfANumber_landsWhereTheNumberDoes() throws RoutingException {
    long pinned = 0xB556806FB6D14353L; // hash(42), ShardKeyHasherTest.encoding_isPinned
    for (String text :
        new String[] {"42", "+42", "0042", " 42", "42 ", "\t 42\r\n", "\f42\u000B"}) {
      assertThat(ShardKeyHasher.hash(text, INTEGER)).as("'%s'", text).isEqualTo(pinned);
      assertThat(ShardKeyHasher.convert(text, INTEGER)).isEqualTo(42L);
    }
    assertThat(ShardKeyHasher.hash("-1", INTEGER)).isEqualTo(hash(-1L));
    assertThat(ShardKeyHasher.hash("-0", INTEGER)).isEqualTo(hash(0L));
    assertThat(ShardKeyHasher.hash("000", INTEGER)).isEqualTo(hash(0L));
  }

  @Test
  void integer_textBeyondEighteenDigits_isTheSameNumber() throws RoutingException {
    String[] texts = {
      "999999999999999999", // 18 digits: the long path
      "1000000000000000000", // 19 digits, fits a long: the BigInteger path
      "9223372036854775807",
      "-9223372036854775808",
      "9223372036854775808", // 2^63: beyond a long
      "-9223372036854775809",
      "00000000000000000000000000042", // many zeros, few significant digits
      "123456789012345678901234567890"
    };
    for (String text : texts) {
      BigInteger value = new BigInteger(text);
      assertThat(ShardKeyHasher.hash(text, INTEGER)).as(text).isEqualTo(hash(value));
      assertThat(hash(ShardKeyHasher.convert(text, INTEGER))).as(text).isEqualTo(hash(value));
    }
    assertThat(ShardKeyHasher.convert("9223372036854775807", INTEGER)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void integer_anyLongAsText_agreesWithTheLong() throws RoutingException {
    Random random = new Random(20261128);
    for (int i = 0; i < 10_000; i++) {
      long n = i % 3 == 0 ? random.nextInt(1_000_000) : random.nextLong();
      assertThat(ShardKeyHasher.hash(Long.toString(n), INTEGER)).as("%d", n).isEqualTo(hash(n));
    }
  }

  @Test
  void integer_numbersHashAsBefore() throws RoutingException {
    Object[] keys = {42, 42L, (short) 42, (byte) 42, BigInteger.TEN, new BigDecimal("4.20E+1")};
    for (Object key : keys) {
      assertThat(ShardKeyHasher.hash(key, INTEGER)).as("%s", key).isEqualTo(hash(key));
      assertThat(ShardKeyHasher.convert(key, INTEGER)).isSameAs(key);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc", "4.5", "42.0", "", "   ", "-", "+", "+-1", "4 2", "0x2a", "1e3", "42abc", "٤٢", "４２"
      })
  void integer_textThatIsNotAnInteger_isRefusedAsAnInvalidCast(String text) {
    RoutingException e = refused(text, INTEGER);
    assertThat(e.code()).isEqualTo(ErrorCode.KEY_TYPE_MISMATCH);
    assertThat(e.getSQLState()).isEqualTo("22018");
    assertThat(e.getMessage())
        .isEqualTo(
            "The shard key users.user_id has keyType integer, but its value '"
                + text
                + "' is not an integer (an optional sign and the digits 0-9, blanks around them"
                + " allowed). Bind the number, or text that holds one.");
  }

  @Test
  void integer_longTextIsQuotedOnlyInPart() {
    String text = "x".repeat(100);
    assertThat(refused(text, INTEGER).getMessage())
        .contains("its value '" + "x".repeat(40) + "…' (100 characters) is not an integer");
  }

  @Test
  void integer_textOfTooManyDigits_isRefusedBeforeItIsParsed() {
    RoutingException e = refused("9".repeat(131_073), INTEGER);
    assertThat(e.code()).isEqualTo(ErrorCode.KEY_TYPE_MISMATCH);
    assertThat(e.getMessage()).contains("text of 131073 digits");
  }

  @Test
  void integer_uuidOrBytes_areRefusedAsAnInvalidCast() {
    RoutingException e = refused(A_UUID, INTEGER);
    assertThat(e.getSQLState()).isEqualTo("22018");
    assertThat(e.getMessage())
        .isEqualTo(
            "The shard key users.user_id has keyType integer, but its value is a java.util.UUID,"
                + " which does not convert to integer. Bind an integral number, or text that holds"
                + " one.");
    assertThat(refused(new byte[] {42}, INTEGER).code()).isEqualTo(ErrorCode.KEY_TYPE_MISMATCH);
  }

  @Test
  void integer_typesWithoutAnEncoding_areRefusedAsBefore() {
    assertThat(refused(42.0d, INTEGER).code()).isEqualTo(ErrorCode.UNSUPPORTED_KEY_TYPE);
    assertThat(refused(new BigDecimal("4.5"), INTEGER).code())
        .isEqualTo(ErrorCode.UNSUPPORTED_KEY_TYPE);
    assertThat(refused(LocalDate.of(2026, 1, 1), INTEGER).code())
        .isEqualTo(ErrorCode.UNSUPPORTED_KEY_TYPE);
    assertThat(refused(null, INTEGER).code()).isEqualTo(ErrorCode.NULL_SHARD_KEY);
  }

  // ---- text ------------------------------------------------------------------------------

  @Test
  void text_integralNumbers_landWhereTheirDecimalTextDoes() throws RoutingException {
    assertThat(ShardKeyHasher.hash(42L, TEXT)).isEqualTo(hash("42"));
    assertThat(ShardKeyHasher.hash(42, TEXT)).isEqualTo(hash("42"));
    assertThat(ShardKeyHasher.hash((short) -7, TEXT)).isEqualTo(hash("-7"));
    assertThat(ShardKeyHasher.hash((byte) 0, TEXT)).isEqualTo(hash("0"));
    assertThat(ShardKeyHasher.hash(Long.MIN_VALUE, TEXT)).isEqualTo(hash("-9223372036854775808"));
    BigInteger big = BigInteger.ONE.shiftLeft(70);
    assertThat(ShardKeyHasher.hash(big, TEXT)).isEqualTo(hash(big.toString()));
    assertThat(ShardKeyHasher.convert(42L, TEXT)).isEqualTo("42");
  }

  @Test
  void text_decimalsAreTheirPlainText_asDriversSendThem() throws RoutingException {
    // A VARCHAR column stores what the driver sent: BigDecimal.toPlainString(), scale included.
    assertThat(ShardKeyHasher.hash(new BigDecimal("42"), TEXT)).isEqualTo(hash("42"));
    assertThat(ShardKeyHasher.hash(new BigDecimal("4E+1"), TEXT)).isEqualTo(hash("40"));
    assertThat(ShardKeyHasher.hash(new BigDecimal("42.000"), TEXT)).isEqualTo(hash("42.000"));
    assertThat(refused(new BigDecimal("4.5"), TEXT).code())
        .isEqualTo(ErrorCode.UNSUPPORTED_KEY_TYPE);
    assertThat(refused(new BigDecimal("1E+999999999"), TEXT).code())
        .isEqualTo(ErrorCode.UNSUPPORTED_KEY_TYPE);
  }

  @Test
  void text_stringsHashAsBefore_withoutTrimming() throws RoutingException {
    for (String text : new String[] {"42", " 42", "user-1", ""}) {
      assertThat(ShardKeyHasher.hash(text, TEXT)).isEqualTo(hash(text));
      assertThat(ShardKeyHasher.convert(text, TEXT)).isSameAs(text);
    }
  }

  @Test
  void text_otherTypes_areRefused() {
    RoutingException e = refused(A_UUID, TEXT);
    assertThat(e.getSQLState()).isEqualTo("22018");
    assertThat(e.getMessage())
        .isEqualTo(
            "The shard key devices.device_id has keyType text, but its value is a java.util.UUID,"
                + " which does not convert to text. Bind a String, or an integral number (its"
                + " decimal text is the key).");
    assertThat(refused(new byte[] {1}, TEXT).code()).isEqualTo(ErrorCode.KEY_TYPE_MISMATCH);
    assertThat(refused(1.5f, TEXT).code()).isEqualTo(ErrorCode.UNSUPPORTED_KEY_TYPE);
    assertThat(refused(true, TEXT).code()).isEqualTo(ErrorCode.UNSUPPORTED_KEY_TYPE);
  }

  // ---- uuid ------------------------------------------------------------------------------

  @Test
  void uuid_canonicalText_landsWhereTheUuidDoes() throws RoutingException {
    long pinned = 0x48FBA9D1F5D72644L; // ShardKeyHasherTest.encoding_isPinned
    assertThat(ShardKeyHasher.hash(A_UUID, UUID_KEY)).isEqualTo(pinned);
    assertThat(ShardKeyHasher.hash("123e4567-e89b-12d3-a456-426614174000", UUID_KEY))
        .isEqualTo(pinned);
    assertThat(ShardKeyHasher.hash("123E4567-E89B-12D3-A456-426614174000", UUID_KEY))
        .isEqualTo(pinned);
    assertThat(ShardKeyHasher.convert(A_UUID.toString(), UUID_KEY)).isEqualTo(A_UUID);
    Random random = new Random(7);
    for (int i = 0; i < 1_000; i++) {
      UUID uuid = new UUID(random.nextLong(), random.nextLong());
      assertThat(ShardKeyHasher.hash(uuid.toString(), UUID_KEY)).isEqualTo(hash(uuid));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "123e4567e89b12d3a456426614174000",
        "{123e4567-e89b-12d3-a456-426614174000}",
        " 123e4567-e89b-12d3-a456-426614174000",
        "123e4567-e89b-12d3-a456-42661417400g",
        "123e4567-e89b-12d3-a456_426614174000",
        "123e4567-e89b-12d3-a4564-26614174000",
        "1-1-1-1-1",
        ""
      })
  void uuid_otherText_isRefused(String text) {
    RoutingException e = refused(text, UUID_KEY);
    assertThat(e.getSQLState()).isEqualTo("22018");
    assertThat(e.getMessage())
        .isEqualTo(
            "The shard key tokens.token has keyType uuid, but its value '"
                + text
                + "' is not a UUID in the canonical form of 32 hex digits in groups of 8-4-4-4-12,"
                + " such as 123e4567-e89b-12d3-a456-426614174000. Bind a java.util.UUID, or text"
                + " in that form.");
  }

  @Test
  void uuid_numbersAndBytes_areRefused() {
    assertThat(refused(42L, UUID_KEY).code()).isEqualTo(ErrorCode.KEY_TYPE_MISMATCH);
    assertThat(refused(new BigDecimal("4.5"), UUID_KEY).code())
        .isEqualTo(ErrorCode.KEY_TYPE_MISMATCH);
    assertThat(refused(new byte[16], UUID_KEY).code()).isEqualTo(ErrorCode.KEY_TYPE_MISMATCH);
    assertThat(refused(1.0d, UUID_KEY).code()).isEqualTo(ErrorCode.UNSUPPORTED_KEY_TYPE);
  }

  // ---- the hot path ----------------------------------------------------------------------

  @Test
  void keysThatNeedNoConversion_andIntegerText_allocateNothing() throws RoutingException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Object[] keys = {42L, 42, 1_000_000L, Long.MAX_VALUE, "42", " -17 ", "123456789012345678"};
    TableRule[] tables = {UNDECLARED, INTEGER};
    long sink = 0;
    for (int warm = 0; warm < 20_000; warm++) {
      Object key = keys[warm % keys.length];
      sink += ShardKeyHasher.hash(key, key instanceof String ? INTEGER : tables[warm % 2]);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 600_000; i++) {
      Object key = keys[i % keys.length];
      sink += ShardKeyHasher.hash(key, key instanceof String ? INTEGER : tables[i % 2]);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    System.out.printf("[keytype] 600000 typed hashes allocated %d bytes%n", allocated);
    assertThat(allocated).as("bytes allocated (sink %d)", sink).isLessThan(64 * 1024);
  }

  private static long hash(Object key) throws RoutingException {
    return ShardKeyHasher.hash(key);
  }

  private static RoutingException refused(Object key, TableRule table) {
    RoutingException e =
        catchThrowableOfType(RoutingException.class, () -> ShardKeyHasher.hash(key, table));
    assertThat((Throwable) e).as("%s refused for %s", key, table.keyType()).isNotNull();
    return e;
  }
}
