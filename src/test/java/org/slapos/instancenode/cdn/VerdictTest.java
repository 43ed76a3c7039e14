package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.store.InstanceRow;

class VerdictTest {

  @Test
  void aValidEntryWithoutWarningsKeepsThePythonEmptyObject() {
    assertEquals("{}", Verdict.of(List.of()).jsonError());
    assertEquals("{}", Verdict.valid().jsonError());
  }

  @Test
  void withoutAReasonKeepsOnlyTheOtherFailuresAndIsValidWhenNoneRemains() {
    Verdict schemaOnly = Verdict.of(List.of(CheckFailure.of(Reason.SCHEMA, "schema bad")));
    Verdict both =
        Verdict.of(
            List.of(
                CheckFailure.of(Reason.SCHEMA, "schema bad"),
                CheckFailure.of(Reason.NETLOC_INVALID, "netloc bad")));

    assertEquals(InstanceRow.VALID, schemaOnly.without(Reason.SCHEMA).state());
    assertEquals(InstanceRow.INVALID, both.without(Reason.SCHEMA).state());
    assertEquals("netloc bad", both.without(Reason.SCHEMA).message());
    assertEquals(Verdict.stopped(), Verdict.stopped().without(Reason.SCHEMA));
  }

  @Test
  void warningsOfAValidEntryAreListedWithoutChangingValidity() {
    Verdict verdict =
        Verdict.of(List.of(CheckFailure.warning(Reason.CIPHER_UNSUPPORTED, "cipher X is Y")));

    assertEquals(InstanceRow.VALID, verdict.state());
    assertEquals("{\"warnings\": [\"cipher X is Y\"]}", verdict.jsonError());
  }

  @Test
  void warningsOfAnInvalidEntryStandBesideItsErrors() {
    Verdict verdict =
        Verdict.of(
            List.of(
                CheckFailure.warning(Reason.CIPHER_UNSUPPORTED, "cipher X is Y"),
                CheckFailure.of(Reason.NETLOC_INVALID, "netloc bad"),
                CheckFailure.of(Reason.SCHEMA, "schema bad")));

    assertEquals(InstanceRow.INVALID, verdict.state());
    assertEquals(Reason.SCHEMA, verdict.reason());
    assertEquals(
        "{\"errors\": [\"schema bad\", \"netloc bad\"], \"message\": \"schema bad; netloc bad\","
            + " \"reason\": \"schema\", \"warnings\": [\"cipher X is Y\"]}",
        verdict.jsonError());
  }
}
