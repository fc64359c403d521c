package dev.ripple.cascade.correlation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Fits a {@link LogisticModel} by Newton–Raphson (iteratively reweighted least squares) with a small L2 penalty, which
 * keeps the fit finite when a feature separates the labels. Deterministic: the same examples give the same model.
 */
public final class LogisticFit {

    /** One labelled example. */
    public record Example(Map<String, Double> features, boolean correct) {}

    private LogisticFit() {}

    public static LogisticModel fit(List<Example> examples, double l2) {
        List<String> names = new ArrayList<>(new TreeSet<>(
                examples.stream().flatMap(e -> e.features().keySet().stream()).toList()));
        int k = names.size();
        double[] w = new double[k];
        for (int iteration = 0; iteration < 50; iteration++) {
            double[] gradient = new double[k];
            double[][] hessian = new double[k][k];
            for (Example example : examples) {
                double[] x = vector(example.features(), names);
                double p = sigmoid(dot(w, x));
                double y = example.correct() ? 1 : 0;
                double s = p * (1 - p);
                for (int i = 0; i < k; i++) {
                    gradient[i] += (p - y) * x[i];
                    for (int j = 0; j < k; j++) {
                        hessian[i][j] += s * x[i] * x[j];
                    }
                }
            }
            for (int i = 0; i < k; i++) {
                if (!names.get(i).equals("bias")) {
                    gradient[i] += l2 * w[i];
                    hessian[i][i] += l2;
                } else {
                    hessian[i][i] += 1e-9;
                }
            }
            double[] step = solve(hessian, gradient);
            double change = 0;
            for (int i = 0; i < k; i++) {
                w[i] -= step[i];
                change = Math.max(change, Math.abs(step[i]));
            }
            if (change < 1e-8) {
                break;
            }
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            weights.put(names.get(i), w[i]);
        }
        return new LogisticModel(weights);
    }

    private static double[] vector(Map<String, Double> features, List<String> names) {
        double[] x = new double[names.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = features.getOrDefault(names.get(i), 0.0);
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Gaussian elimination with partial pivoting (the systems are tiny: one row per feature). */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
                    pivot = row;
                }
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            if (Math.abs(m[col][col]) < 1e-15) {
                continue;
            }
            for (int row = 0; row < n; row++) {
                if (row != col) {
                    double factor = m[row][col] / m[col][col];
                    for (int c = col; c <= n; c++) {
                        m[row][c] -= factor * m[col][c];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.abs(m[i][i]) < 1e-15 ? 0 : m[i][n] / m[i][i];
        }
        return x;
    }
}
