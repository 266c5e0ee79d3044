package dev.tollgate.schemas.json;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Turns Jackson's failures into one-line messages in wire terms: {@code <Type>: <field path> <problem>}. A
 * consumer's log then says which field of which record was wrong, without Jackson's Java class names.
 */
final class JsonErrors {

  // Jackson reports a missing required creator property only in its message text.
  private static final Pattern MISSING_PROPERTY = Pattern.compile("Missing required creator property '([^']+)'");

  private JsonErrors() {}

  static SerializationException onRead(Class<?> type, IOException e) {
    return new SerializationException(type.getSimpleName() + ": " + problem(e), e);
  }

  static SerializationException onWrite(Class<?> type, IOException e) {
    return new SerializationException(type.getSimpleName() + ": cannot write: " + firstLine(message(e)), e);
  }

  private static String problem(IOException e) {
    if (e instanceof StreamReadException) {
      return "malformed JSON: " + firstLine(message(e));
    }
    if (!(e instanceof JsonMappingException)) {
      return firstLine(message(e));
    }
    JsonMappingException mapping = (JsonMappingException) e;
    String path = path(mapping.getPath());
    if (mapping instanceof ValueInstantiationException && mapping.getCause() != null) {
      // the record's compact constructor threw; its message starts with the wire name of the field
      return qualified(path, mapping.getCause().getMessage());
    }
    if (mapping instanceof InvalidFormatException
        && ((InvalidFormatException) mapping).getTargetType() != null
        && ((InvalidFormatException) mapping).getTargetType().isEnum()) {
      InvalidFormatException invalid = (InvalidFormatException) mapping;
      return path + ": unknown value '" + invalid.getValue() + "', expected one of " + wires(invalid.getTargetType());
    }
    if (mapping instanceof InvalidTypeIdException) {
      return typeId(path, (InvalidTypeIdException) mapping);
    }
    Matcher missing = MISSING_PROPERTY.matcher(message(mapping));
    if (missing.find()) {
      // Jackson's path already ends with the missing property
      String parent = path(withoutLast(mapping.getPath(), missing.group(1)));
      return qualified(parent, missing.group(1) + " is required");
    }
    return (path.isEmpty() ? "" : path + ": ") + firstLine(message(mapping));
  }

  /** A missing or unknown discriminator of a polymorphic type, such as {@code kind} of a config entity. */
  private static String typeId(String path, InvalidTypeIdException e) {
    Class<?> base = e.getBaseType() == null ? null : e.getBaseType().getRawClass();
    JsonTypeInfo info = base == null ? null : base.getAnnotation(JsonTypeInfo.class);
    if (info == null) {
      return (path.isEmpty() ? "" : path + ": ") + firstLine(message(e));
    }
    if (e.getTypeId() == null) {
      return qualified(path, info.property() + " is required");
    }
    JsonSubTypes subtypes = base.getAnnotation(JsonSubTypes.class);
    String names =
        subtypes == null
            ? "?"
            : Arrays.stream(subtypes.value()).map(JsonSubTypes.Type::name).collect(Collectors.joining(", "));
    return qualified(path, info.property())
        + ": unknown value '"
        + e.getTypeId()
        + "', expected one of "
        + names;
  }

  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        out.append('[').append(reference.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static List<JsonMappingException.Reference> withoutLast(
      List<JsonMappingException.Reference> references, String fieldName) {
    int last = references.size() - 1;
    if (last >= 0 && fieldName.equals(references.get(last).getFieldName())) {
      return references.subList(0, last);
    }
    return references;
  }

  private static String qualified(String path, String problem) {
    return path.isEmpty() ? problem : path + "." + problem;
  }

  private static String wires(Class<?> enumType) {
    return Arrays.stream(enumType.getEnumConstants())
        .map(c -> Json.wire((Enum<?>) c))
        .collect(Collectors.joining(", "));
  }

  private static String message(IOException e) {
    String message = e instanceof JacksonException ? ((JacksonException) e).getOriginalMessage() : e.getMessage();
    return String.valueOf(message);
  }

  private static String firstLine(String message) {
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
