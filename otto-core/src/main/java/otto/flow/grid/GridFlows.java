package otto.flow.grid;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import otto.flow.MemoryEstimate;

/** Helpers both grid flows share. */
final class GridFlows {
    private GridFlows() {
    }

    /**
     * The memory of a grid method: {@code arrays} arrays of one value per cell (the potential, π,
     * the density and the next one, the edges' weights per axis, the solver's work vectors), one
     * more per density kept ({@code --density-times}, at most one per step), and the draws sampled
     * from the final density (three copies, as for kept draws). Outside d ≤ 3 the run is refused
     * anyway, so nothing is estimated.
     */
    static MemoryEstimate memory(GridSettings g, int[] defaultCells, int d, int arrays) {
        if (d < 1 || d > Grid.MAX_DIMENSION) {
            return MemoryEstimate.SMALL;
        }
        int[] given = g.cells();
        double cells = 1;
        StringBuilder shape = new StringBuilder();
        for (int a = 0; a < d; a++) {
            // one count for every axis or one per axis (another number of counts is refused at the start)
            int c = given == null ? defaultCells[d - 1] : given[Math.min(a, given.length - 1)];
            cells *= c;
            shape.append(a == 0 ? "" : " × ").append(c);
        }
        long distinct = g.densityTimes() == null ? 2 : Arrays.stream(g.densityTimes()).distinct().count();
        int times = (int) Math.min(distinct, g.iterations() + 1L);
        MemoryEstimate grid = new MemoryEstimate(MemoryEstimate.doubles(cells * (arrays + times)), "a grid of " + shape
                + " cells × some " + (arrays + times) + " arrays, " + times + " of them kept densities",
                List.of("cells", "density_times"));
        MemoryEstimate kept = new MemoryEstimate(MemoryEstimate.draws(g.chains(), g.draws(), d, 1, 3), g.chains() + " chains × "
                + g.draws() + " draws × d = " + d + " drawn from the grid", List.of("chains", "draws"));
        return grid.plus(kept);
    }

    /** The shared settings as {@code run.json} and the draws header show them. */
    static Map<String, Object> settings(GridSettings g, int[] defaultCells) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cells", g.cells() == null ? "default (" + defaultCells[0] + ", " + defaultCells[1] + "x" + defaultCells[1] + ", "
                + defaultCells[2] + "x" + defaultCells[2] + "x" + defaultCells[2] + ")" : join(g.cells()));
        m.put("box", g.box() == null ? "auto" : g.box().toString());
        m.put("metric", g.metric() != null ? g.metric().name().toLowerCase(java.util.Locale.ROOT) : g.box() == null ? "dense" : "unit");
        m.put("time", Double.isNaN(g.time()) ? "auto" : g.time());
        m.put("dt", Double.isNaN(g.dt()) ? "time/steps" : g.dt());
        m.put("steps", g.iterations());
        m.put("temperature", g.temperature());
        m.put("start", g.start().describe());
        m.put("chains", g.chains());
        m.put("draws", g.draws());
        m.put("density_times", g.densityTimes() == null ? "start, end" : join(g.densityTimes()));
        return m;
    }

    private static String join(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.toString();
    }

    private static String join(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.toString();
    }
}
