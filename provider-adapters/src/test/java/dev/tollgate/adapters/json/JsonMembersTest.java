package dev.tollgate.adapters.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonMembersTest {

  @Test
  void shouldLocateMembersByteForByte() throws IOException {
    byte[] json = utf8("{ \"mo\\u0064el\" : \"gpt\\\"x\" ,\n\"é\":\"ü\", \"o\":{\"a\":[1, 2]} , \"x\":-1.50e3 }");

    JsonMembers members = JsonMembers.scan(json);

    assertEquals("\"gpt\\\"x\"", raw(members, "model"));
    assertEquals("gpt\"x", members.string(members.get("model").orElseThrow()));
    assertEquals("\"ü\"", raw(members, "é"));
    assertEquals("{\"a\":[1, 2]}", raw(members, "o"));
    assertEquals("-1.50e3", raw(members, "x"));
  }

  @Test
  void shouldReplaceAValueAndKeepEveryOtherByte() throws IOException {
    byte[] json = utf8("{\n  \"model\": \"alias\",\n  \"temperature\": 0.70,\n  \"seed\": 1e2\n}\n");

    byte[] rewritten = JsonMembers.scan(json).rewrite(Map.of("model", "\"gpt-4o-2024-08-06\""));

    assertEquals("{\n  \"model\": \"gpt-4o-2024-08-06\",\n  \"temperature\": 0.70,\n  \"seed\": 1e2\n}\n",
        text(rewritten));
  }

  @Test
  void shouldRemoveFirstMiddleAndLastMembers() throws IOException {
    JsonMembers members = JsonMembers.scan(utf8("{\"a\":1, \"b\":2, \"c\":3}"));

    assertEquals("{\"b\":2, \"c\":3}", text(members.rewrite(removing("a"))));
    assertEquals("{\"a\":1, \"c\":3}", text(members.rewrite(removing("b"))));
    assertEquals("{\"a\":1, \"b\":2}", text(members.rewrite(removing("c"))));
    assertEquals("{}", text(JsonMembers.scan(utf8("{\"a\":1}")).rewrite(removing("a"))));
  }

  @Test
  void shouldAppendNewMembersLast() throws IOException {
    Map<String, String> changes = new LinkedHashMap<>();
    changes.put("stream_options", "{\"include_usage\":true}");
    changes.put("n", "2");

    assertEquals("{\"a\":1,\"stream_options\":{\"include_usage\":true},\"n\":2 }",
        text(JsonMembers.scan(utf8("{\"a\":1 }")).rewrite(changes)));
    assertEquals("{ \"n\":2}", text(JsonMembers.scan(utf8("{ }")).rewrite(Map.of("n", "2"))));
  }

  @Test
  void shouldRefuseWhatIsNotOneObject() {
    assertThrows(IOException.class, () -> JsonMembers.scan(utf8("[1]")));
    assertThrows(IOException.class, () -> JsonMembers.scan(utf8("{\"a\":1} {}")));
    assertThrows(IOException.class, () -> JsonMembers.scan(utf8("{\"a\":}")));
    assertThrows(IOException.class, () -> JsonMembers.scan(utf8("")));
  }

  @Test
  void shouldQuoteStrings() {
    assertEquals("\"a\\\"b\\\\c\\n\"", JsonMembers.quote("a\"b\\c\n"));
  }

  private static Map<String, String> removing(String name) {
    Map<String, String> changes = new LinkedHashMap<>();
    changes.put(name, null);
    return changes;
  }

  private static String raw(JsonMembers members, String name) {
    return text(members.raw(members.get(name).orElseThrow()));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
