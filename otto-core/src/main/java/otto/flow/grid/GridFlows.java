package otto.flow.grid;

import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers both grid flows share. */
final class GridFlows {
    private GridFlows() {
    }

    /** The shared settings as {@code run.json} and the draws header show them. */
    static Map<String, Object> settings(GridSettings g, int[] defaultCells) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cells", g.cells() == null ? "default (" + defaultCells[0] + ", " + defaultCells[1] + "x" + defaultCells[1] + ", "
                + defaultCells[2] + "x" + defaultCells[2] + "x" + defaultCells[2] + ")" : join(g.cells()));
        m.put("box", g.box() == null ? "auto" : g.box().toString());
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
