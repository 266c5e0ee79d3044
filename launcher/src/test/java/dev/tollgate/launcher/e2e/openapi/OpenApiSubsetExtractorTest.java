package dev.tollgate.launcher.e2e.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI-to-JSON-Schema conversion, on small descriptions written here. */
class OpenApiSubsetExtractorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void nullableWithATypeBecomesATypeUnionAndNullJoinsTheEnum() throws Exception {
    assertEquals(json("{\"type\": [\"string\", \"null\"], \"enum\": [\"stop\", null]}"),
        convert("type: string\nenum: [stop]\nnullable: true\n"));
    assertEquals(json("{\"type\": [\"array\", \"null\"], \"items\": {\"type\": \"integer\"}}"),
        convert("type: array\nitems: {type: integer}\nnullable: true\n"));
  }

  @Test
  void nullableWithoutATypeBecomesAnAnyOfWithNull() throws Exception {
    assertEquals(json("{\"description\": \"d\", \"anyOf\": [{\"$ref\": \"#/$defs/Usage\"}, {\"type\": \"null\"}]}"),
        convert("$ref: '#/components/schemas/Usage'\nnullable: true\ndescription: d\n"));
  }

  @Test
  void extensionsDiscriminatorsAndExamplesGoButPropertiesOfThoseNamesStay() throws Exception {
    JsonNode converted = convert("""
        type: object
        x-oaiMeta: {name: thing}
        example: {a: 1}
        discriminator: {propertyName: type}
        properties:
          example: {type: string, x-stainless-const: true}
          discriminator: {type: string, example: x}
          tagged: {oneOf: [{$ref: '#/components/schemas/A'}], discriminator: {propertyName: type}}
        """);

    assertEquals(json("""
        {"type": "object", "properties": {
          "example": {"type": "string"}, "discriminator": {"type": "string"},
          "tagged": {"oneOf": [{"$ref": "#/$defs/A"}]}}}"""), converted);
  }

  @Test
  void valuesAreCopiedAsTheyAre() throws Exception {
    assertEquals(json("{\"type\": \"string\", \"enum\": [\"2024-01-01\", \"yes\", \"0123\"], \"default\": \"on\"}"),
        convert("type: string\nenum: [2024-01-01, yes, 0123]\ndefault: on\n"));
    assertEquals(json("{\"const\": {\"nullable\": true, \"x-kept\": 1}}"),
        convert("const: {nullable: true, x-kept: 1}\n"));
  }

  @Test
  void openApi30ExclusiveBoundsBecomeNumbers() throws Exception {
    assertEquals(json("{\"type\": \"number\", \"exclusiveMinimum\": 0, \"maximum\": 2}"),
        convert("type: number\nminimum: 0\nexclusiveMinimum: true\nmaximum: 2\nexclusiveMaximum: false\n"));
  }

  @Test
  void theSubsetHoldsTheRootsAndEverythingTheyReachButNothingElse() {
    Map<String, Object> description = OpenApiSubsetExtractor.parseYaml("""
        openapi: 3.1.0
        info: {title: T, version: 1.2.3}
        components:
          schemas:
            ErrorResponse: {type: object, properties: {error: {$ref: '#/components/schemas/Error'}}}
            Error: {type: object, properties: {inner: {$ref: '#/components/schemas/Inner'}}}
            Inner: {type: string}
            CreateChatCompletionResponse: {type: object}
            CreateChatCompletionStreamResponse: {type: object}
            CreateCompletionResponse: {type: object}
            CreateEmbeddingResponse: {type: object}
            ListModelsResponse: {type: object, properties: {data: {items: {$ref: '#/components/schemas/Model'}}}}
            Model: {type: object}
            Unrelated: {type: object}
        """);

    JsonNode subset = OpenApiSubsetExtractor.extract(description, "abc");

    List<String> names = JSON.convertValue(subset.get("$defs").properties().stream().map(Map.Entry::getKey).toList(),
        JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    assertEquals(List.of("CreateChatCompletionResponse", "CreateChatCompletionStreamResponse",
        "CreateCompletionResponse", "CreateEmbeddingResponse", "Error", "ErrorResponse", "Inner",
        "ListModelsResponse", "Model"), names);
    assertEquals("https://json-schema.org/draft/2020-12/schema", subset.get("$schema").asText());
    assertTrue(subset.get("$comment").asText().contains("info.version 1.2.3, sha256 abc"));
  }

  @Test
  void aReferenceOutsideTheComponentSchemasStopsTheExtraction() {
    assertThrows(IllegalStateException.class, () -> convert("$ref: 'other.yaml#/Thing'\n"));
    assertThrows(IllegalStateException.class, () -> convert("$ref: '#/components/responses/Error'\n"));
  }

  private static JsonNode convert(String yaml) {
    return OpenApiSubsetExtractor.convert(OpenApiSubsetExtractor.parseYaml(yaml), "#");
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }
}
