package otto.cli;

import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless, for tests of the HTML report: it loads a page and gives back the
 * DOM after the page's scripts ran, or a screenshot. When {@code chromium} is not on the PATH the
 * test is skipped, except in CI (the environment variable {@code CI} set), where it fails: CI
 * installs Chromium (.ci/run), so a missing browser there is a broken setup, not a reason to pass.
 */
final class Chromium {
    /** Flags for a closed network: without the background-networking ones Chromium's connections are refused. */
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--mute-audio");

    /**
     * A script added to a copy of the page: after the load event it counts the SVG panels and the
     * ones laid out with a size, decodes every embedded raster image (SVG {@code <image>} and HTML
     * {@code <img>}) and writes the counts as JSON into {@code <pre id="otto-check">}.
     */
    static final String CHECK = """
            <script>
            window.addEventListener('load', async () => {
              const svgs = [...document.querySelectorAll('svg')];
              const sized = svgs.filter(s => { const r = s.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length;
              const rasters = [...document.querySelectorAll('svg image')].map(e => e.getAttribute('href'))
                  .concat([...document.images].map(e => e.src));
              let decoded = 0, width = 0;
              for (const src of rasters) {
                const i = new Image();
                i.src = src;
                try { await i.decode(); if (i.naturalWidth > 0) { decoded++; width = Math.max(width, i.naturalWidth); } } catch (e) { }
              }
              const out = document.createElement('pre');
              out.id = 'otto-check';
              out.textContent = JSON.stringify({svgs: svgs.length, sized: sized, rasters: rasters.length, decoded: decoded,
                  width: width, sections: [...document.querySelectorAll('section')].map(s => s.id).join(' ')});
              document.body.appendChild(out);
            });
            </script>
            """;

    private final Path executable;
    private final Path work;

    private Chromium(Path executable, Path work) {
        this.executable = executable;
        this.work = work;
    }

    /** Chromium on the PATH, or the test is skipped (outside CI) or fails (in CI). */
    static Chromium require(Path work) {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            String ci = System.getenv("CI");
            String message = "chromium is not on the PATH: the report's browser tests need Debian's chromium "
                    + "(apt-get install -y chromium; .ci/run installs it)";
            if (ci != null && !ci.isBlank()) {
                fail(message + " [CI=" + ci + "]");
            }
            Assumptions.assumeTrue(false, message + "; skipped outside CI");
        }
        return new Chromium(found.get(), work);
    }

    static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The counts of {@link #CHECK} on the page, and the DOM after its scripts ran. */
    record Check(int svgs, int sized, int rasters, int decoded, int width, String sections, String dom) {
    }

    /** Loads a copy of the page with {@link #CHECK} added and returns what it found. */
    Check check(Path page) throws IOException, InterruptedException {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        int end = html.lastIndexOf("</body>");
        Path copy = work.resolve("checked-" + page.getFileName());
        Files.writeString(copy, html.substring(0, end) + CHECK + html.substring(end), StandardCharsets.UTF_8);
        // the check awaits image decoding, which runs in real time beside chromium's virtual clock: on a loaded
        // machine the budget can run out first, so a page whose check did not finish is loaded again (up to 3 times)
        String dom = "";
        Matcher m = null;
        for (int attempt = 0; attempt < 3 && (m == null || !m.find(0)); attempt++) {
            dom = run(List.of("--virtual-time-budget=15000", "--dump-dom", copy.toUri().toString()));
            m = Pattern.compile("<pre id=\"otto-check\">(\\{.*?})</pre>").matcher(dom);
        }
        if (!m.find(0)) {
            fail("chromium did not run the check script on " + page + "; its output ended: "
                    + dom.substring(Math.max(0, dom.length() - 600)));
        }
        String json = m.group(1).replace("&quot;", "\"");
        return new Check(number(json, "svgs"), number(json, "sized"), number(json, "rasters"), number(json, "decoded"),
                number(json, "width"), string(json, "sections"), dom);
    }

    /** A screenshot of the page at the given window size. */
    BufferedImage screenshot(Path page, int width, int height) throws IOException, InterruptedException {
        Path png = work.resolve("screenshot-" + page.getFileName() + ".png");
        run(List.of("--window-size=" + width + "," + height, "--screenshot=" + png, page.toUri().toString()));
        if (!Files.exists(png)) {
            fail("chromium wrote no screenshot of " + page);
        }
        return ImageIO.read(png.toFile());
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(FLAGS);
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        command.add("--user-data-dir=" + profile);
        command.addAll(args);
        Path log = work.resolve("chromium.log");
        Path out = work.resolve("chromium.out");
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 120 s: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            fail("chromium exited with " + p.exitValue() + ": " + Files.readString(log));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static int number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static String string(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }
}
