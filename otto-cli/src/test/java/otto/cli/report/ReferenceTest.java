package otto.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceTest {
    @TempDir
    Path tmp;

    @Test
    void stanNamesBecomeOttoNames() {
        assertThat(Reference.ottoName("theta[1]")).isEqualTo("theta.1");
        assertThat(Reference.ottoName("L[2,1]")).isEqualTo("L.2.1");
        assertThat(Reference.ottoName(" L[2, 1] ")).isEqualTo("L.2.1");
        assertThat(Reference.ottoName("theta.1")).isEqualTo("theta.1");
        assertThat(Reference.ottoName("mu")).isEqualTo("mu");
    }

    @Test
    void readsPosteriordbLayoutSplitByChain() throws IOException {
        Path f = tmp.resolve("draws.csv");
        Files.writeString(f, "chain,draw,theta[1],theta[2],mu,sigma_extra\n1,1,0.5,1.5,2,9\n1,2,0.6,1.6,2.1,9\n"
                + "2,1,0.7,1.7,2.2,9\n");
        Reference r = Reference.read(f, List.of("mu", "tau", "theta.1", "theta.2"));
        assertThat(r.draws().names()).containsExactly("mu", "theta.1", "theta.2");
        assertThat(r.draws().chains()).isEqualTo(2);
        assertThat(r.draws().values()[1][0]).containsExactly(0.5, 0.6);
        assertThat(r.draws().values()[1][1]).containsExactly(0.7);
        assertThat(r.unmatched()).containsExactly("sigma_extra");
        assertThat(r.missing()).containsExactly("tau");
    }

    @Test
    void readsCmdStanLayoutLeavingOutSamplerColumns() throws IOException {
        Path f = tmp.resolve("output.csv");
        Files.writeString(f, "# stan\nlp__,accept_stat__,stepsize__,mu,theta.1\n-1,0.9,0.5,1,2\n-2,0.8,0.5,1.1,2.1\n# timing\n");
        Reference r = Reference.read(f, List.of("theta.1", "mu"));
        assertThat(r.draws().names()).containsExactly("theta.1", "mu");
        assertThat(r.draws().chains()).isEqualTo(1);
        assertThat(r.draws().pooled(0)).containsExactly(2, 2.1);
        assertThat(r.unmatched()).isEmpty();
    }

    @Test
    void aReferenceMatchingNothingIsAnError() throws IOException {
        Path f = tmp.resolve("other.csv");
        Files.writeString(f, "chain,draw,alpha,beta[1]\n1,1,0,1\n");
        assertThatThrownBy(() -> Reference.read(f, List.of("mu", "tau")))
                .isInstanceOf(ReportInputException.class)
                .hasMessage("--reference " + f + ": no column matches a quantity of the run (the reference has alpha, beta[1]; "
                        + "the run has mu, tau)");
    }
}
