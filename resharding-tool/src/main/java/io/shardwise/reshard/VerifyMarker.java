package io.shardwise.reshard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * The file a passing verify leaves beside the plan, naming the plan's identity: cleanup deletes
 * nothing unless it is present and names this very plan. A failing verify removes it.
 */
final class VerifyMarker {

  private VerifyMarker() {}

  static boolean passedFor(PlanFile plan) {
    Map<?, ?> marker = YamlFiles.readIfExists(plan.verifyMarker());
    return marker != null && plan.identity().equals(marker.get("plan"));
  }

  static String verifiedAt(PlanFile plan) {
    Map<?, ?> marker = YamlFiles.readIfExists(plan.verifyMarker());
    return marker == null ? null : (String) marker.get("verifiedAt");
  }

  static void delete(PlanFile plan) {
    try {
      Files.deleteIfExists(plan.verifyMarker());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + plan.verifyMarker(), e);
    }
  }
}
