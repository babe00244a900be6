package otto.cli;

import java.util.Iterator;
import java.util.List;
import otto.models.ModelZoo;

/**
 * The values options take, for shell completion ({@code otto completion}) and the help: each class
 * is a picocli {@code completionCandidates} source.
 */
final class Candidates {
    private Candidates() {
    }

    /** A fixed list of values. */
    abstract static class Fixed implements Iterable<String> {
        private final List<String> values;

        Fixed(List<String> values) {
            this.values = values;
        }

        @Override
        public Iterator<String> iterator() {
            return values.iterator();
        }
    }

    /** {@code otto run MODEL}: the built-in models. */
    static final class Models implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ModelZoo.names().iterator();
        }
    }

    /** {@code --method}. */
    static final class Methods extends Fixed {
        Methods() {
            super(RunCommand.AVAILABLE);
        }
    }

    /** {@code --metric}. */
    static final class Metrics extends Fixed {
        Metrics() {
            super(List.of("dense", "diag", "unit"));
        }
    }

    /** {@code --preconditioner}. */
    static final class Preconditioners extends Fixed {
        Preconditioners() {
            super(List.of("warmup", "laplace", "vi"));
        }
    }

    /** {@code --splitting}. */
    static final class Splittings extends Fixed {
        Splittings() {
            super(List.of("baoab", "obabo"));
        }
    }

    /** {@code --step-rule}. */
    static final class StepRules extends Fixed {
        StepRules() {
            super(List.of("annealed", "adagrad", "fixed"));
        }
    }

    /** {@code --kernel}. */
    static final class Kernels extends Fixed {
        Kernels() {
            super(List.of("rbf", "imq"));
        }
    }

    /** {@code --start}. */
    static final class Starts extends Fixed {
        Starts() {
            super(List.of("laplace", "uniform"));
        }
    }

    /** {@code --algorithm}. */
    static final class Algorithms extends Fixed {
        Algorithms() {
            super(List.of("meanfield", "fullrank"));
        }
    }

    /** {@code --covariance}. */
    static final class Covariances extends Fixed {
        Covariances() {
            super(List.of("full", "diag"));
        }
    }

    /** {@code --hessian}. */
    static final class Hessians extends Fixed {
        Hessians() {
            super(List.of("exact", "stein"));
        }
    }
}
