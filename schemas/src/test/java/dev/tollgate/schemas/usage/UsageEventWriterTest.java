package dev.tollgate.schemas.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tollgate.schemas.RecordSamples;
import dev.tollgate.schemas.json.Json;
import dev.tollgate.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UsageEventWriterTest {

  /** Fixed, so a failure can be replayed. */
  private static final long SEED = 20261123L;
  private static final int EVENTS = 20_000;

  @Test
  void shouldWriteTheSampleEventAsTheMapperDoes() {
    UsageEvent event = RecordSamples.usageEvent();

    byte[] written = UsageEventWriter.write(event);

    assertArrayEquals(Json.write(event), written);
  }

  @Test
  void shouldWriteRandomEventsByteForByteAsTheMapperAndTheTopicSerdeDo() {
    Random random = new Random(SEED);
    for (int i = 0; i < EVENTS; i++) {
      UsageEvent event = randomEvent(random);

      byte[] written = UsageEventWriter.write(event);

      byte[] expected = Json.write(event);
      if (!java.util.Arrays.equals(expected, written)) {
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(written, StandardCharsets.UTF_8),
            "event " + i);
        assertArrayEquals(expected, written, "event " + i);
      }
      if (i % 100 == 0) {
        assertArrayEquals(Topics.USAGE.valueSerde().serializer().serialize(Topics.USAGE.name(), event), written);
      }
    }
  }

  @Test
  void shouldReadBackWhatItWrites() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 1_000; i++) {
      UsageEvent event = randomEvent(random);

      UsageEvent read = Json.read(UsageEventWriter.write(event), UsageEvent.class);

      assertEquals(event, read);
    }
  }

  @Test
  void shouldWriteEveryEnumConstantAsTheMapperDoes() {
    UsageEvent sample = RecordSamples.usageEvent();
    for (Endpoint endpoint : Endpoint.values()) {
      for (UsageSource source : UsageSource.values()) {
        for (Outcome outcome : Outcome.values()) {
          UsageEvent event = new UsageEvent(1, sample.requestId(), sample.tenant(), sample.keyId(), endpoint,
              sample.modelAlias(), null, null, null, 0, TokenCounts.ZERO, source, outcome, 200, false,
              sample.startedAt(), sample.finishedAt(), 0, null, sample.edgeId());

          assertArrayEquals(Json.write(event), UsageEventWriter.write(event), endpoint + "/" + source + "/" + outcome);
        }
      }
    }
  }

  @Test
  void shouldWriteInstantsOfEveryPrecisionAndFarYearsAsTheMapperDoes() {
    long[] seconds = {0, -1, -62_135_596_800L, -62_135_596_801L, 253_402_300_799L, 253_402_300_800L,
        -30_610_224_000L, 1_767_225_600L, Instant.MAX.getEpochSecond(), Instant.MIN.getEpochSecond()};
    int[] nanos = {0, 1, 1_000, 1_000_000, 100_000_000, 120_000_000, 123_456_789, 999_999_999, 10_000};
    UsageEvent sample = RecordSamples.usageEvent();
    for (long second : seconds) {
      for (int nano : nanos) {
        Instant at = Instant.ofEpochSecond(second, 0).plusNanos(second == Instant.MAX.getEpochSecond() ? 0 : nano);
        UsageEvent event = new UsageEvent(1, sample.requestId(), sample.tenant(), sample.keyId(), sample.endpoint(),
            sample.modelAlias(), null, null, null, 0, TokenCounts.ZERO, sample.usageSource(), sample.outcome(), 200,
            false, at, at, 0, null, sample.edgeId());

        assertArrayEquals(Json.write(event), UsageEventWriter.write(event), at.toString());
      }
    }
  }

  private static UsageEvent randomEvent(Random r) {
    Instant started = randomInstant(r);
    Instant finished = started.plusNanos(r.nextInt(4) == 0 ? 0 : (long) (r.nextDouble() * 600e9));
    return new UsageEvent(
        1,
        text(r),
        text(r),
        text(r),
        pick(r, Endpoint.values()),
        text(r),
        r.nextInt(4) == 0 ? null : text(r),
        r.nextInt(4) == 0 ? null : text(r),
        r.nextInt(4) == 0 ? null : text(r),
        r.nextInt(3) == 0 ? r.nextInt(5) : Math.abs(r.nextInt()),
        new TokenCounts(count(r), count(r), count(r), count(r), r.nextInt(5) == 0 ? null : count(r)),
        pick(r, UsageSource.values()),
        pick(r, Outcome.values()),
        100 + r.nextInt(500),
        r.nextBoolean(),
        started,
        finished,
        count(r),
        r.nextInt(3) == 0 ? null : count(r),
        text(r));
  }

  private static Instant randomInstant(Random r) {
    long second = switch (r.nextInt(6)) {
      case 0 -> 1_700_000_000L + r.nextInt(200_000_000);
      case 1 -> -62_000_000_000L + (long) (r.nextDouble() * 315_000_000_000L); // years 5 .. 9999
      case 2 -> 253_402_300_800L + r.nextInt(1_000_000_000); // past 9999
      case 3 -> -70_000_000_000L + r.nextInt(1_000_000_000); // before year 0
      default -> Math.abs(r.nextLong() % 4_000_000_000L);
    };
    int nano = switch (r.nextInt(4)) {
      case 0 -> 0;
      case 1 -> r.nextInt(1_000) * 1_000_000;
      case 2 -> r.nextInt(1_000_000) * 1_000;
      default -> r.nextInt(1_000_000_000);
    };
    return Instant.ofEpochSecond(second, nano);
  }

  private static long count(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> 0;
      case 1 -> r.nextInt(10_000);
      case 2 -> Long.MAX_VALUE - r.nextInt(3);
      default -> r.nextLong() & Long.MAX_VALUE;
    };
  }

  /** Non-blank text mixing ASCII, control characters, quotes, Latin-1, BMP, emoji and lone surrogates. */
  private static String text(Random r) {
    int length = 1 + r.nextInt(r.nextInt(8) == 0 ? 300 : 24);
    StringBuilder s = new StringBuilder(length);
    s.append((char) ('a' + r.nextInt(26)));
    for (int i = 1; i < length; i++) {
      switch (r.nextInt(10)) {
        case 0 -> s.append((char) r.nextInt(0x20));
        case 1 -> s.append("\"\\/\u007f".charAt(r.nextInt(4)));
        case 2 -> s.append((char) (0x80 + r.nextInt(0x780)));
        case 3 -> s.append((char) (0x800 + r.nextInt(0xD800 - 0x800)));
        case 4 -> s.appendCodePoint(0x10000 + r.nextInt(0x10FFFF - 0x10000));
        case 5 -> s.append((char) (0xD800 + r.nextInt(0x800)));
        case 6 -> s.append((char) (0xE000 + r.nextInt(0x2000)));
        default -> s.append((char) (0x20 + r.nextInt(0x60)));
      }
    }
    return s.toString();
  }

  private static <T> T pick(Random r, T[] values) {
    return values[r.nextInt(values.length)];
  }
}
