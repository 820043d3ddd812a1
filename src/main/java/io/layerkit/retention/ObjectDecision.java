package io.layerkit.retention;

import io.layerkit.store.StoredObject;
import java.util.List;

/**
 * What retention does with one stored zip.
 *
 * @param object the zip as the store lists it
 * @param reasons why it is kept, in {@link KeepReason} order; empty when it is deleted
 */
public record ObjectDecision(StoredObject object, List<KeepReason> reasons) {

  public ObjectDecision {
    reasons = List.copyOf(reasons);
  }

  public boolean keep() {
    return !reasons.isEmpty();
  }
}
