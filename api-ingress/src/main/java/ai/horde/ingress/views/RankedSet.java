package ai.horde.ingress.views;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A sorted set that also says how many of its elements come before a given one, without counting them one by one
 * ({@code TreeSet.headSet(e).size()} does): the elements are kept in sorted blocks of a few hundred, so a rank
 * adds up the sizes of the blocks before and searches one block. Adding, removing and ranking each cost about
 * {@code √n} steps at most (a few microseconds at 100,000 elements). Not thread-safe: its owner's lock guards it.
 *
 * @param <T> the elements, ordered by their natural order, which must be consistent with equals
 */
final class RankedSet<T extends Comparable<T>> {
  /** A block past twice this is split in two. */
  private static final int BLOCK = 512;

  /** Sorted, non-empty, and every element of a block before every element of the next. */
  private final List<List<T>> blocks = new ArrayList<>();
  private int size;

  /** Adds the element; false if it was there. */
  boolean add(T element) {
    if (blocks.isEmpty()) {
      blocks.add(new ArrayList<>(List.of(element)));
      size++;
      return true;
    }
    int b = blockFor(element);
    List<T> block = blocks.get(b);
    int at = Collections.binarySearch(block, element);
    if (at >= 0) {
      return false;
    }
    block.add(-at - 1, element);
    size++;
    if (block.size() > 2 * BLOCK) {
      List<T> upper = new ArrayList<>(block.subList(BLOCK, block.size()));
      block.subList(BLOCK, block.size()).clear();
      blocks.add(b + 1, upper);
    }
    return true;
  }

  /** Removes the element; false if it was not there. */
  boolean remove(T element) {
    if (blocks.isEmpty()) {
      return false;
    }
    int b = blockFor(element);
    List<T> block = blocks.get(b);
    int at = Collections.binarySearch(block, element);
    if (at < 0) {
      return false;
    }
    block.remove(at);
    size--;
    if (block.isEmpty()) {
      blocks.remove(b);
    }
    return true;
  }

  /** How many elements come before this one (whether it is here or not). */
  int rank(T element) {
    if (blocks.isEmpty()) {
      return 0;
    }
    int b = blockFor(element);
    int before = 0;
    for (int i = 0; i < b; i++) {
      before += blocks.get(i).size();
    }
    int at = Collections.binarySearch(blocks.get(b), element);
    return before + (at >= 0 ? at : -at - 1);
  }

  int size() {
    return size;
  }

  /** The first block whose last element is not before this one, or the last block. */
  private int blockFor(T element) {
    int low = 0;
    int high = blocks.size() - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      List<T> block = blocks.get(mid);
      if (block.get(block.size() - 1).compareTo(element) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
