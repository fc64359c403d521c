package dev.ripple.cascade.correlation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A monotone map from a score to a probability, fitted by pool-adjacent-violators (isotonic regression), and read
 * with linear interpolation between the fitted blocks. Applied after a logistic model, it corrects the logistic
 * shape where the data disagree with it, without ever reordering decisions.
 *
 * @param x the blocks' mean scores, ascending
 * @param y the blocks' probabilities, non-decreasing
 */
public record Isotonic(double[] x, double[] y) {

    public Isotonic {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("isotonic map needs as many x as y, at least one");
        }
        x = x.clone();
        y = y.clone();
    }

    public double apply(double score) {
        if (score <= x[0]) {
            return y[0];
        }
        if (score >= x[x.length - 1]) {
            return y[y.length - 1];
        }
        int i = Arrays.binarySearch(x, score);
        if (i >= 0) {
            return y[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double t = (score - x[lo]) / (x[hi] - x[lo]);
        return y[lo] + t * (y[hi] - y[lo]);
    }

    /** Fits the map to (score, correct) pairs. */
    public static Isotonic fit(List<double[]> scored) {
        List<double[]> sorted = new ArrayList<>(scored);
        sorted.sort(Comparator.comparingDouble(p -> p[0]));
        // Blocks: [sum of scores, sum of labels, count]
        List<double[]> blocks = new ArrayList<>();
        for (double[] point : sorted) {
            blocks.add(new double[] {point[0], point[1], 1});
            while (blocks.size() > 1) {
                double[] last = blocks.getLast();
                double[] previous = blocks.get(blocks.size() - 2);
                if (previous[1] / previous[2] <= last[1] / last[2]) {
                    break;
                }
                previous[0] += last[0];
                previous[1] += last[1];
                previous[2] += last[2];
                blocks.removeLast();
            }
        }
        double[] xs = new double[blocks.size()];
        double[] ys = new double[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            double[] block = blocks.get(i);
            xs[i] = block[0] / block[2];
            ys[i] = block[1] / block[2];
        }
        // Equal mean scores would make interpolation undefined: nudge them apart.
        for (int i = 1; i < xs.length; i++) {
            if (xs[i] <= xs[i - 1]) {
                xs[i] = Math.nextUp(xs[i - 1]);
            }
        }
        return new Isotonic(xs, ys);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Isotonic that && Arrays.equals(x, that.x) && Arrays.equals(y, that.y);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(x) + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        return "Isotonic" + Arrays.toString(x) + "->" + Arrays.toString(y);
    }
}
