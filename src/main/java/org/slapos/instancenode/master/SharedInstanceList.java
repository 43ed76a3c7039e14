package org.slapos.instancenode.master;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slapos.instancenode.json.EntryBounds;

/**
 * Reads the {@code result_list} payload of the master's {@code instance_node_instance_list} method,
 * which is also the format of {@code file:} desired-state sources, one item at a time with
 * Jackson's streaming parser.
 *
 * <p>Only the envelope ({@code {"result_list": [...]}} and where each item starts and ends) is read
 * for the whole payload; each item is then read alone, and its parameters are built into a tree
 * only when they fit the {@link EntryBounds}. So one oversized or malformed item is refused alone,
 * with a message naming its reference (or its position when even that cannot be read), and the
 * memory an item needs is bounded by the entry bound. A broken envelope (not JSON, no {@code
 * result_list} array) refuses the whole payload.
 *
 * <p>Thread-safe.
 */
public final class SharedInstanceList {
  /** The reason of an item that does not have the contract's shape. */
  public static final String MALFORMED = "schema";

  /** The reason of an item whose reference an earlier item has: the earlier one is kept. */
  public static final String DUPLICATE = "duplicate";

  // A list, so that messages name the states in a stable order.
  private static final List<String> STATES =
      List.of(SharedInstance.STARTED, SharedInstance.STOPPED, SharedInstance.DESTROYED);
  private static final Set<String> TEXT_FIELDS =
      Set.of(
          "instance_guid",
          "title",
          "software_type",
          "state",
          "software_release_uri",
          "compute_partition_id");
  private static final String PARAMETERS = "parameters";
  // Skipping an item keeps one small parser context per level: 200,000 levels are a few MB. An
  // item nested deeper breaks the envelope, since the parser cannot find where it ends.
  private static final int ENVELOPE_DEPTH = 200_000;

  private final EntryBounds bounds;
  private final JsonFactory envelope;
  private final ObjectMapper entries;

  /**
   * One item of the payload that is refused, alone.
   *
   * @param position its index in {@code result_list}
   * @param reference its {@code instance_guid}, when it could be read
   * @param state its {@code state}, when it could be read and is one of the known states
   * @param reason {@link EntryBounds#TOO_LARGE}, {@link #MALFORMED} or {@link #DUPLICATE}
   * @param message what is wrong, naming the field; when the reference is unknown, also the source
   *     and the position
   */
  public record Refused(
      int position,
      Optional<String> reference,
      Optional<String> state,
      String reason,
      String message) {}

  /** The items read: those with the contract's shape, in order, and those refused. */
  public record Parsed(List<SharedInstance> entries, List<Refused> refused) {
    public Parsed {
      entries = List.copyOf(entries);
      refused = List.copyOf(refused);
    }
  }

  public SharedInstanceList(EntryBounds bounds) {
    this.bounds = bounds;
    int length = (int) Math.min(bounds.maxBytes(), Integer.MAX_VALUE);
    this.envelope =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(ENVELOPE_DEPTH)
                    .maxStringLength(length)
                    .maxNameLength(length)
                    .maxNumberLength(length)
                    .build())
            .build();
    this.entries = bounds.mapper();
  }

  /**
   * @param source names where the payload came from, as the first word of error messages
   * @throws MalformedListingException when the envelope is broken; then nothing is returned
   */
  public Parsed read(byte[] json, String source) {
    Items items = new Items(json, source);
    try (JsonParser parser = envelope.createParser(json)) {
      boolean listed = false;
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          if (parser.nextToken() == JsonToken.START_ARRAY && name.equals("result_list")) {
            listed = true;
            readItems(parser, items);
          } else {
            parser.skipChildren();
          }
        }
        if (parser.nextToken() != null) {
          throw new MalformedListingException(source + ": trailing data after the listing");
        }
      }
      if (!listed) {
        throw new MalformedListingException(
            source + ": expected an object with a \"result_list\" array");
      }
    } catch (StreamConstraintsException e) {
      throw new MalformedListingException(
          source + ": " + at(e.getLocation()) + "the listing breaks a read bound");
    } catch (JsonProcessingException e) {
      throw MalformedListingException.notJson(
          source + ": not valid JSON (" + at(e.getLocation()) + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new MalformedListingException(source + ": cannot be read: " + e.getMessage());
    }
    return new Parsed(items.entries, items.refused);
  }

  private static String at(JsonLocation location) {
    return location == null
        ? ""
        : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
  }

  private void readItems(JsonParser parser, Items items) throws IOException {
    int position = 0;
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      long start = parser.currentTokenLocation().getByteOffset();
      parser.skipChildren();
      long end = parser.currentLocation().getByteOffset();
      String where = items.source + ": result_list[" + position + "]";
      if (token != JsonToken.START_OBJECT) {
        items.refuse(position, null, null, MALFORMED, where + ": expected an object");
      } else {
        item(items, position, where, (int) start, (int) (end - start));
      }
      position++;
    }
  }

  /** Reads one item: its text fields, and where its parameters are, before building anything. */
  private void item(Items items, int position, String where, int start, int length)
      throws IOException {
    Map<String, String> texts = new HashMap<>();
    Set<String> notText = new HashSet<>();
    int parametersStart = -1;
    int parametersLength = 0;
    boolean parametersObject = false;
    String unreadable = null;
    try (JsonParser parser = envelope.createParser(items.json, start, length)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals(PARAMETERS)) {
          parametersObject = value == JsonToken.START_OBJECT;
          parametersStart = start + (int) parser.currentTokenLocation().getByteOffset();
          parser.skipChildren();
          parametersLength =
              start + (int) parser.currentLocation().getByteOffset() - parametersStart;
        } else if (value == JsonToken.VALUE_STRING && TEXT_FIELDS.contains(name)) {
          texts.put(name, parser.getText());
        } else {
          notText.add(name);
          parser.skipChildren();
        }
      }
    } catch (StreamConstraintsException e) {
      unreadable = "a field is longer than max-entry-bytes (" + bounds.maxBytes() + ")";
    }
    String reference = texts.get("instance_guid");
    if (reference == null || reference.isBlank()) {
      String why =
          unreadable != null
              ? unreadable
              : reference == null
                  ? "field \"instance_guid\" must be a string"
                  : "field \"instance_guid\" is empty";
      items.refuse(position, null, null, MALFORMED, where + ": " + why);
      return;
    }
    // From here on the reference names the item: messages say what is wrong with it, for its user.
    String state = texts.get("state");
    if (!items.seen.add(reference)) {
      items.refuse(
          position,
          reference,
          null,
          DUPLICATE,
          "instance_guid " + reference + " is listed twice; the first is kept");
      return;
    }
    if (unreadable != null) {
      items.refuse(position, reference, state, EntryBounds.TOO_LARGE, unreadable);
      return;
    }
    if (parametersStart >= 0 && parametersLength > bounds.maxBytes()) {
      items.refuse(
          position,
          reference,
          state,
          EntryBounds.TOO_LARGE,
          bounds.tooLarge("field \"parameters\"", parametersLength)
              + largestField(items.json, parametersStart, parametersLength));
      return;
    }
    ObjectNode parameters = null;
    if (parametersObject) {
      try {
        parameters = (ObjectNode) entries.readTree(items.json, parametersStart, parametersLength);
      } catch (StreamConstraintsException e) {
        items.refuse(
            position,
            reference,
            state,
            EntryBounds.TOO_LARGE,
            bounds.tooDeep("field \"parameters\""));
        return;
      }
    }
    String problem = problem(texts, notText, state, parameters);
    if (problem != null) {
      items.refuse(position, reference, state, MALFORMED, problem);
      return;
    }
    items.entries.add(
        new SharedInstance(
            reference,
            texts.get("title"),
            texts.get("software_type"),
            state,
            parameters,
            Optional.ofNullable(texts.get("software_release_uri")),
            Optional.ofNullable(texts.get("compute_partition_id"))));
  }

  /** What breaks the contract in an item whose reference is known, or null. */
  private static String problem(
      Map<String, String> texts, Set<String> notText, String state, ObjectNode parameters) {
    for (String field : List.of("state", "title", "software_type")) {
      if (!texts.containsKey(field)) {
        return "field \"" + field + "\" must be a string";
      }
    }
    for (String field : List.of("software_release_uri", "compute_partition_id")) {
      if (notText.contains(field)) {
        return "field \"" + field + "\" must be a string";
      }
    }
    if (!STATES.contains(state)) {
      return "field \"state\" is \"" + state + "\", expected one of " + STATES;
    }
    if (parameters == null) {
      return "field \"parameters\" must be an object";
    }
    return null;
  }

  /**
   * Names the largest member of an oversized parameters object, so the user knows what to fix. A
   * member's size runs to the next member (a string's end is only known once read, and reading it
   * is what must not happen), so it counts the separator too.
   */
  private String largestField(byte[] json, int start, int length) {
    String largest = null;
    long largestBytes = -1;
    try (JsonParser parser = envelope.createParser(json, start, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return "";
      }
      String name = null;
      long from = 0;
      for (JsonToken token = parser.nextToken(); ; token = parser.nextToken()) {
        long at = parser.currentTokenLocation().getByteOffset();
        if (name != null && at - from > largestBytes) {
          largest = name;
          largestBytes = at - from;
        }
        if (token != JsonToken.FIELD_NAME) {
          break;
        }
        name = parser.currentName();
        parser.nextToken();
        from = parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
      }
    } catch (IOException e) {
      return "";
    }
    return largest == null
        ? ""
        : "; its largest field is \"" + largest + "\" (about " + largestBytes + " bytes)";
  }

  /** What one read collects. */
  private static final class Items {
    final byte[] json;
    final String source;
    final List<SharedInstance> entries = new ArrayList<>();
    final List<Refused> refused = new ArrayList<>();
    final Set<String> seen = new HashSet<>();

    Items(byte[] json, String source) {
      this.json = json;
      this.source = source;
    }

    void refuse(int position, String reference, String state, String reason, String message) {
      refused.add(
          new Refused(
              position,
              Optional.ofNullable(reference),
              Optional.ofNullable(state).filter(STATES::contains),
              reason,
              message));
    }
  }
}
