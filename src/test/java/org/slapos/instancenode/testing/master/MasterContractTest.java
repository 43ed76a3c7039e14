package org.slapos.instancenode.testing.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.testing.master.MasterHttp.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MasterContractTest {
  private final MasterContract contract = MasterContract.get();

  @Test
  void listingItemWithoutTitleBreaksTheContract() {
    var errors =
        contract.checkResponse(
            FakeMaster.INSTANCE_LIST,
            json(
                """
                {"result_list": [{"instance_guid": "S", "software_type": "default",
                  "state": "started", "parameters": {}}]}
                """));

    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.getFirst().contains("title"), errors.getFirst());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        FakeMaster.POST_INSTANCE + "| {}",
        FakeMaster.POST_INSTANCE + "| {\"status\": 102, \"name\": \"n\"}",
        FakeMaster.PUT_BANG + "| {\"type\": \"failure\", \"title\": \"t\"}",
        FakeMaster.GET_INSTANCE + "| {\"instance_guid\": \"S\"}"
      })
  void incompleteAnswersBreakTheContract(String method, String body) {
    assertFalse(contract.checkResponse(method, json(body)).isEmpty());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        FakeMaster.POST_INSTANCE + "| {\"title\": \"t\", \"software_type\": \"s\"}",
        FakeMaster.POST_INSTANCE
            + "| {\"title\": \"t\", \"software_release_uri\": \"u\", \"software_type\": \"s\","
            + " \"sla_parameters\": {\"computer_guid\": 1}}",
        FakeMaster.PUT_ERROR + "| {\"instance_guid\": \"S\"}",
        FakeMaster.PUT_CONNECTION_PARAMETER
            + "| {\"instance_guid\": \"S\", \"connection_parameter_dict\": []}"
      })
  void malformedRequestsBreakTheContract(String method, String body) {
    assertFalse(contract.checkRequest(method, json(body)).isEmpty());
  }
}
