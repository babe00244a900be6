package otto.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SvgTest {
    @Test
    void ticksAreNiceNumbers() {
        assertThat(Svg.ticks(0, 10, false, 5)).containsExactly(0, 2, 4, 6, 8, 10);
        assertThat(Svg.ticks(-0.37, 0.52, false, 4)).containsExactly(-0.2, 0, 0.2, 0.4);
        assertThat(Svg.ticks(0.5, 2000, true, 6)).containsExactly(1, 10, 100, 1000);
        assertThat(Svg.tickLabel(0.2, new double[] {0, 0.2, 0.4}, false)).isEqualTo("0.2");
        assertThat(Svg.tickLabel(1000, new double[] {1, 10, 100, 1000}, true)).isEqualTo("1000");
        assertThat(Svg.tickLabel(1e6, new double[] {1e5, 1e6}, true)).isEqualTo("1e6");
        assertThat(Svg.f(1.25)).isEqualTo("1.3");
        assertThat(Svg.f(-0.04)).isEqualTo("0");
        assertThat(Svg.f(-3.46)).isEqualTo("-3.5");
    }

    @Test
    void aPlotMapsDataToPixelsAndBreaksLinesAtNaN() {
        Svg.Plot p = new Svg.Plot(200, 100).margins(10, 10, 10, 10).x(0, 1, false).y(0, 1, false);
        assertThat(p.px(0)).isEqualTo(10);
        assertThat(p.px(1)).isEqualTo(190);
        assertThat(p.py(0)).isEqualTo(90);
        assertThat(p.py(1)).isEqualTo(10);
        p.line(new double[] {0, 0.5, 1, 1}, new double[] {0, Double.NaN, 1, 0}, "#000", 1, null);
        String svg = p.render();
        assertThat(svg).startsWith("<svg").endsWith("</svg>").contains("d=\"M10 90M190 10L190 90\"");
        Svg.Plot log = new Svg.Plot(200, 100).margins(0, 0, 0, 0).x(1, 100, true).y(0, 1, false);
        assertThat(log.px(10)).isEqualTo(100);
        assertThat(log.render()).contains(">10<", ">100<");
    }

    @Test
    void pngEncodesPixelsExactly() throws IOException {
        int[] rgb = {0xff0000, 0x00ff00, 0x0000ff, 0x123456, 0xffffff, 0x000000};
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Png.encode(3, 2, rgb)));
        assertThat(img.getWidth()).isEqualTo(3);
        assertThat(img.getHeight()).isEqualTo(2);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                assertThat(img.getRGB(x, y) & 0xffffff).isEqualTo(rgb[y * 3 + x]);
            }
        }
        assertThat(Png.viridis(0)).isEqualTo(0x440154);
        assertThat(Png.viridis(1)).isEqualTo(0xfde725);
        assertThat(Png.viridis(0.5)).isEqualTo(0x1fa187);
    }

    @Test
    void pairQuantitiesTakeOneOfEachNameInTurn() {
        List<String> names = List.of("theta_trans.1", "theta_trans.2", "theta_trans.3", "mu", "tau", "theta.1", "theta.2",
                "theta.3", "theta.4");
        assertThat(ReportPage.pairQuantities(names, 5)).containsExactly("theta_trans.1", "theta_trans.2", "mu", "tau", "theta.1");
        assertThat(ReportPage.pairQuantities(names.subList(0, 4), 8)).isEqualTo(names.subList(0, 4));
        assertThat(ReportPage.evenly(20, 6)).containsExactly(0, 4, 8, 11, 15, 19);
        assertThat(ReportPage.evenly(3, 6)).containsExactly(0, 1, 2);
    }
}
