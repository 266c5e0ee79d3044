package dev.tollgate.adapters.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The top-level members of one JSON object, located by byte offset, so that a translator can read a few of them
 * and rewrite a few others while every other byte passes through untouched (numbers keep their spelling, unknown
 * fields their order). A building block for translators; immutable.
 */
public final class JsonMembers {
  static final JsonFactory FACTORY = JsonFactory.builder().build();

  private final byte[] json;
  private final List<Member> members;
  private final int tailStart;

  /**
   * One member: its name and where its name and value lie in the source bytes.
   *
   * @param name the member's name, unescaped
   * @param kind the first token of its value
   * @param start the offset of the name's opening quote
   * @param valueStart the offset of the value's first byte
   * @param valueEnd the offset just past the value's last byte
   */
  public record Member(String name, JsonToken kind, int start, int valueStart, int valueEnd) {}

  private JsonMembers(byte[] json, List<Member> members, int tailStart) {
    this.json = json;
    this.members = members;
    this.tailStart = tailStart;
  }

  /**
   * Locates the members of a JSON object.
   *
   * @param json the bytes of exactly one JSON object (surrounding whitespace allowed); not copied, not modified
   * @return the members
   * @throws IOException when the bytes are not one well-formed JSON object
   */
  public static JsonMembers scan(byte[] json) throws IOException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      List<Member> found = new ArrayList<>();
      String name = null;
      int start = 0;
      int valueStart = 0;
      JsonToken kind = null;
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        int next = offset(parser);
        if (name != null) {
          found.add(new Member(name, kind, start, valueStart, endBefore(json, next)));
        }
        name = parser.currentName();
        start = next;
        kind = parser.nextToken();
        valueStart = offset(parser);
        parser.skipChildren();
      }
      if (token != JsonToken.END_OBJECT) {
        throw new IOException("malformed JSON object");
      }
      int close = offset(parser);
      if (name != null) {
        found.add(new Member(name, kind, start, valueStart, endBefore(json, close)));
      }
      if (parser.nextToken() != null) {
        throw new IOException("trailing content after the JSON object");
      }
      int tail = found.isEmpty() ? close : found.get(found.size() - 1).valueEnd();
      return new JsonMembers(json, List.copyOf(found), tail);
    }
  }

  /**
   * Every member, in source order (duplicates included).
   *
   * @return the members
   */
  public List<Member> all() {
    return members;
  }

  /**
   * The first member with a name.
   *
   * @param name the name
   * @return the member, or empty
   */
  public Optional<Member> get(String name) {
    for (Member m : members) {
      if (m.name().equals(name)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a member is present.
   *
   * @param name the name
   * @return true when present, whatever its value
   */
  public boolean has(String name) {
    return get(name).isPresent();
  }

  /**
   * The raw JSON of a member's value, byte for byte.
   *
   * @param member a member of this object
   * @return a copy of its value's bytes
   */
  public byte[] raw(Member member) {
    byte[] copy = new byte[member.valueEnd() - member.valueStart()];
    System.arraycopy(json, member.valueStart(), copy, 0, copy.length);
    return copy;
  }

  /**
   * A parser positioned before a member's value, to read it with Jackson's streaming API.
   *
   * @param member a member of this object
   * @return a new parser over just its value; the caller closes it
   * @throws IOException when the parser cannot be created
   */
  public JsonParser parse(Member member) throws IOException {
    return FACTORY.createParser(json, member.valueStart(), member.valueEnd() - member.valueStart());
  }

  /**
   * A string member's value, unescaped.
   *
   * @param member a member whose kind is {@link JsonToken#VALUE_STRING}
   * @return the string
   * @throws IOException when it is not a string
   */
  public String string(Member member) throws IOException {
    try (JsonParser parser = parse(member)) {
      if (parser.nextToken() != JsonToken.VALUE_STRING) {
        throw new IOException(member.name() + " is not a string");
      }
      return parser.getText();
    }
  }

  /**
   * A copy of the object with some members replaced, removed or added, and every other byte as it was. A replaced
   * member keeps its place; an added one goes last; a name present twice is changed in both places.
   *
   * @param changes names to raw JSON values; a null value removes the member
   * @return the new object's bytes
   */
  public byte[] rewrite(Map<String, String> changes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 64);
    int headEnd = members.isEmpty() ? tailStart : members.get(0).start();
    out.write(json, 0, headEnd);
    boolean wrote = false;
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      boolean changed = changes.containsKey(m.name());
      String value = changes.get(m.name());
      if (changed && value == null) {
        continue;
      }
      if (wrote) {
        Member previous = members.get(i - 1);
        out.write(json, previous.valueEnd(), m.start() - previous.valueEnd());
      }
      out.write(json, m.start(), m.valueStart() - m.start());
      if (changed) {
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
      } else {
        out.write(json, m.valueStart(), m.valueEnd() - m.valueStart());
      }
      wrote = true;
    }
    for (Map.Entry<String, String> change : changes.entrySet()) {
      if (change.getValue() != null && !has(change.getKey())) {
        out.writeBytes(((wrote ? "," : "") + quote(change.getKey()) + ":" + change.getValue())
            .getBytes(StandardCharsets.UTF_8));
        wrote = true;
      }
    }
    out.write(json, tailStart, json.length - tailStart);
    return out.toByteArray();
  }

  /**
   * A string as a JSON string literal.
   *
   * @param value the string
   * @return it quoted and escaped
   */
  public static String quote(String value) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
  }

  private static int offset(JsonParser parser) {
    return Math.toIntExact(parser.currentTokenLocation().getByteOffset());
  }

  /** The end of a value: back from the next token over whitespace and the one separating comma. */
  private static int endBefore(byte[] json, int next) {
    int i = next;
    while (i > 0 && isWhitespace(json[i - 1])) {
      i--;
    }
    if (i > 0 && json[i - 1] == ',') {
      i--;
      while (i > 0 && isWhitespace(json[i - 1])) {
        i--;
      }
    }
    return i;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }
}
