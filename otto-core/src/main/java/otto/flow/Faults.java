package otto.flow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts of numerical faults by kind, with the first few of each kept as examples. Thread-safe. */
public final class Faults {
    private static final int EXAMPLES = 5;
    private final Map<String, Long> counts = new TreeMap<>();
    private final List<Fault> examples = new ArrayList<>();

    /** Records a fault. */
    public synchronized void add(Fault fault) {
        long n = counts.merge(fault.kind(), 1L, Long::sum);
        if (n <= EXAMPLES) {
            examples.add(fault);
        }
    }

    /** Adds another log's counts and examples, their kinds prefixed by {@code prefix}. */
    public synchronized void addAll(Faults other, String prefix) {
        Map<String, Long> c = other.counts();
        List<Fault> e = other.examples();
        c.forEach((k, n) -> counts.merge(prefix + k, n, Long::sum));
        for (Fault f : e) {
            examples.add(new Fault(prefix + f.kind(), f.iteration(), f.where(), f.detail()));
        }
    }

    synchronized void save(StateWriter out) throws java.io.IOException {
        out.section("faults");
        out.writeInt(counts.size());
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            out.string(e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeInt(examples.size());
        for (Fault f : examples) {
            out.string(f.kind());
            out.writeInt(f.iteration());
            out.writeInt(f.where());
            out.string(f.detail());
        }
    }

    /** Replaces this log by the one {@link #save} wrote. */
    synchronized void restore(StateReader in) throws java.io.IOException {
        in.section("faults");
        counts.clear();
        examples.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            counts.put(in.string(), in.readLong());
        }
        int m = in.readInt();
        for (int i = 0; i < m; i++) {
            examples.add(new Fault(in.string(), in.readInt(), in.readInt(), in.string()));
        }
    }

    /** Counts by kind. */
    public synchronized Map<String, Long> counts() {
        return Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    /** The total number of faults. */
    public synchronized long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The first few faults of each kind. */
    public synchronized List<Fault> examples() {
        return List.copyOf(examples);
    }
}
