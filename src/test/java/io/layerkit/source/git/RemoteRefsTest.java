package io.layerkit.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.layerkit.source.SourceException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.SymbolicRef;
import org.junit.jupiter.api.Test;

/** How what the user typed as a ref becomes one thing to fetch, from an advertisement. */
class RemoteRefsTest {
  private static final String REMOTE = "git+https://git.example.com/team/layers.git";
  private static final ObjectId MAIN = id("1111111111111111111111111111111111111111");
  private static final ObjectId RELEASE = id("2222222222222222222222222222222222222222");
  private static final ObjectId TAG_OBJECT = id("3333333333333333333333333333333333333333");
  private static final ObjectId TAGGED = id("4444444444444444444444444444444444444444");
  private static final ObjectId TWIN_A = id("abcdef0000000000000000000000000000000001");
  private static final ObjectId TWIN_B = id("abcdef0000000000000000000000000000000002");

  private final RemoteRefs refs = new RemoteRefs(REMOTE, advertisement());

  private static Map<String, Ref> advertisement() {
    Map<String, Ref> map = new LinkedHashMap<>();
    Ref main = branch("main", MAIN);
    map.put("HEAD", new SymbolicRef("HEAD", main));
    map.put(main.getName(), main);
    map.put("refs/heads/release", branch("release", RELEASE));
    map.put("refs/heads/twin-a", branch("twin-a", TWIN_A));
    map.put("refs/heads/twin-b", branch("twin-b", TWIN_B));
    map.put("refs/heads/both", branch("both", MAIN));
    map.put("refs/tags/both", new ObjectIdRef.PeeledNonTag(Ref.Storage.NETWORK, "refs/tags/both", RELEASE));
    map.put("refs/tags/v1", new ObjectIdRef.PeeledTag(Ref.Storage.NETWORK, "refs/tags/v1", TAG_OBJECT, TAGGED));
    return map;
  }

  private static Ref branch(String name, ObjectId id) {
    return new ObjectIdRef.PeeledNonTag(Ref.Storage.NETWORK, "refs/heads/" + name, id);
  }

  private static ObjectId id(String hex) {
    return ObjectId.fromString(hex);
  }

  @Test
  void emptyRefMeansTheDefaultBranch() throws SourceException {
    FetchTarget target = refs.select(Optional.empty());

    assertThat(target.commit()).isEqualTo(MAIN);
    assertThat(target.label()).isEqualTo("default branch main");
    assertThat(target.advertised()).isTrue();
  }

  @Test
  void branchNamesAndFullRefNamesResolve() throws SourceException {
    assertThat(refs.select(Optional.of("release")).commit()).isEqualTo(RELEASE);
    assertThat(refs.select(Optional.of("refs/heads/release")).label()).isEqualTo("branch release");
    assertThat(refs.select(Optional.of("refs/tags/both")).commit()).isEqualTo(RELEASE);
  }

  @Test
  void annotatedTagsWantTheTagAndPinItsCommit() throws SourceException {
    FetchTarget target = refs.select(Optional.of("v1"));

    assertThat(target.want().getObjectId()).isEqualTo(TAG_OBJECT);
    assertThat(target.commit()).isEqualTo(TAGGED);
    assertThat(target.label()).isEqualTo("tag v1");
  }

  @Test
  void aCommitIdAtATipWantsThatRef() throws SourceException {
    FetchTarget full = refs.select(Optional.of(TAGGED.name()));
    FetchTarget abbreviated = refs.select(Optional.of("22222"));

    assertThat(full.advertised()).isTrue();
    assertThat(full.want().getName()).isEqualTo("refs/tags/v1");
    assertThat(abbreviated.commit()).isEqualTo(RELEASE);
  }

  @Test
  void aFullCommitIdNoRefPointsAtIsWantedByItsId() throws SourceException {
    ObjectId elsewhere = id("5555555555555555555555555555555555555555");

    FetchTarget target = refs.select(Optional.of(elsewhere.name().toUpperCase()));

    assertThat(target.advertised()).isFalse();
    assertThat(target.want().getObjectId()).isEqualTo(elsewhere);
    assertThat(target.commit()).isEqualTo(elsewhere);
  }

  @Test
  void aNameThatIsBothBranchAndTagIsRefused() {
    assertThatThrownBy(() -> refs.select(Optional.of("both")))
        .isInstanceOf(SourceException.class)
        .hasMessage("ref 'both' is both a branch and a tag on " + REMOTE
            + ": ask for refs/heads/both or refs/tags/both");
  }

  @Test
  void anAmbiguousAbbreviationNamesTheCandidates() {
    assertThatThrownBy(() -> refs.select(Optional.of("abcdef")))
        .isInstanceOf(SourceException.class)
        .hasMessage("abbreviated commit id 'abcdef' is ambiguous on " + REMOTE + ": it matches "
            + TWIN_A.name() + ", " + TWIN_B.name());
  }

  @Test
  void unknownNamesAndShortHexAreNotFound() {
    assertThatThrownBy(() -> refs.select(Optional.of("feature/x")))
        .hasMessage("ref 'feature/x' not found on " + REMOTE + ": no branch, tag or commit by that name");
    assertThatThrownBy(() -> refs.select(Optional.of("abc")))
        .hasMessage("ref 'abc' not found on " + REMOTE + ": no branch, tag or commit by that name");
    assertThatThrownBy(() -> refs.select(Optional.of("99999999")))
        .hasMessageContaining("give the full 40-character id");
  }

  @Test
  void aRemoteWithoutHeadNeedsARef() {
    RemoteRefs empty = new RemoteRefs(REMOTE, Map.of());

    assertThatThrownBy(() -> empty.select(Optional.empty()))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith(REMOTE + " advertises no default branch (HEAD)");
  }
}
