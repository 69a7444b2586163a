using Glassbox.KernelMachines;

namespace Glassbox.Tests.KernelMachines;

/// <summary>
/// The refusals of the kernel machines, each with the sentence a user reads (the wording names the count, value or entry
/// that is wrong), and the edge cases the other tests never reach: zero rows, a kernel smaller than the model's, ties.
/// Written for the survivors of Stryker's run over the models part of KernelMachines (docs/results/mutation.md).
/// </summary>
public sealed class KernelMachineMessagesTests
{
    static readonly KernelMatrix Three = new([1, 0.5, 0.2, 0.5, 1, 0.3, 0.2, 0.3, 1], 3);
    static readonly KernelMatrix Two = new([1, 0.5, 0.5, 1], 2);

    static string Message(Action action) => Assert.ThrowsAny<ArgumentException>(action).Message;

    [Fact]
    public void Svm_refusals_name_what_is_wrong()
    {
        Assert.Contains("The training set is empty", Message(() => SvmClassifier.Fit(Three, [], [])));
        Assert.Contains("Give at least one value of C", Message(() => SvmClassifier.FitPath(Three, [0, 1], [0, 1], [])));
        Assert.Contains("the 3 training labels all are 4", Message(() => SvmClassifier.Fit(Three, [0, 1, 2], [4, 4, 4])));
        Assert.Contains("C must be a positive finite number, got -1", Message(() => new SvmOptions(C: -1).Validate()));
        Assert.Contains("Tolerance must be a positive finite number, got 0", Message(() => new SvmOptions(Tolerance: 0).Validate()));
        Assert.Contains("MaxIterations must be positive or null, got 0", Message(() => new SvmOptions(MaxIterations: 0).Validate()));
        Assert.Contains("Unknown solver 99", Message(() => new SvmOptions(Solver: (SvmSolver)99).Validate()));
        Assert.Contains("MaxDegreeOfParallelism must be ≥ 0, got -1", Message(() => new SvmOptions(MaxDegreeOfParallelism: -1).Validate()));
    }

    [Fact]
    public void An_svm_model_refuses_a_smaller_kernel_a_wrong_cross_kernel_and_wrong_decision_values_and_takes_zero_rows()
    {
        SvmModel model = SvmClassifier.Fit(Three, [0, 1, 2], [0, 1, 1]);
        Assert.Contains("trained on kernel row 2, but this kernel has only 2 rows", Message(() => model.Predict(Two, [0])));
        Assert.Contains("A cross kernel of 2 rows needs 6 values (2 × 3 training rows), got 5", Message(() => model.PredictFromCrossKernel(new double[5], 2)));
        Assert.Empty(model.PredictFromCrossKernel([], 0));
        Assert.Equal(0, model.DecisionFunctionFromCrossKernel([], 0).GetLength(0));
        Assert.Contains("Expected 1 decision values per row (one per pair of 2 classes), got 2", Message(() => model.Vote(new double[1, 2])));
    }

    [Fact]
    public void Kernel_ridge_refusals_name_what_is_wrong()
    {
        Assert.Throws<ArgumentNullException>(() => KernelRidge.Fit(null!, [0], [0], 1));
        Assert.Contains("The training set is empty", Message(() => KernelRidge.Fit(Three, [], [], 1)));
        Assert.Contains("Got 1 labels for 2 training rows", Message(() => KernelRidge.Fit(Three, [0, 1], [0], 1)));
        Assert.Contains("λ must be a finite number ≥ 0, got -1", Message(() => KernelRidge.Fit(Three, [0, 1], [0, 1], -1)));
        // Indefinite, mean diagonal 2: the largest jitter tried is 1e-6 × 2.
        var indefinite = new KernelMatrix([2, 5, 5, 2], 2);
        Assert.Contains("a jitter of 1E-06 × the mean diagonal (2E-06)", Message(() => KernelRidge.Fit(indefinite, [0, 1], [0, 1], 0)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_kernel_ridge_model_refuses_a_smaller_kernel_and_a_wrong_cross_kernel_and_takes_zero_rows()
    {
        KernelRidgeModel model = KernelRidge.Fit(Three, [0, 1, 2], [0, 1, 1], 0.1);
        Assert.Throws<ArgumentNullException>(() => model.Scores(null!, [0]));
        Assert.Contains("trained on kernel row 2, but this kernel has only 2 rows", Message(() => model.Scores(Two, [0])));
        Assert.Contains("rows[0] = 5", Message(() => model.Scores(Three, [5])));
        Assert.Contains("A cross kernel of 2 rows needs 6 values (2 × 3 training rows), got 5", Message(() => model.ScoresFromCrossKernel(new double[5], 2)));
        Assert.Equal(0, model.ScoresFromCrossKernel([], 0).GetLength(0));
    }

    [Fact]
    public void Tied_ridge_scores_predict_the_smallest_label()
    {
        KernelRidgeModel model = KernelRidge.Fit(Three, [0, 1, 2], [7, 3, 5], 0.1);
        // A test row orthogonal to every training row scores 0 for every class: the first class in ascending order wins.
        Assert.Equal([3], model.PredictFromCrossKernel([0, 0, 0], 1));
    }

    [Fact]
    public void Kernel_matrix_refusals_name_the_count_and_the_entry()
    {
        Assert.Contains("needs 9 values (n×n, row-major), got 6", Message(() => new KernelMatrix(new double[6], 3)));
        Assert.Contains("Kernel entry [0, 1] is NaN", Message(() => new KernelMatrix([1, double.NaN, 0, 1], 2)));
        Assert.Contains("Kernel entry [1, 0] is Infinity", Message(() => new KernelMatrix([1, 0, double.PositiveInfinity, 1], 2)));
    }

    [Fact]
    public void Gaussian_kernel_refusals_name_what_is_wrong_and_an_empty_side_gives_an_empty_kernel()
    {
        Assert.Contains("The number of features must be positive", Message(() => GaussianKernel.Compute([1.0], [1.0], 0, 1)));
        Assert.Contains("x1 has 3 values, not a multiple of d = 2", Message(() => GaussianKernel.Compute([1.0, 2, 3], [1.0, 2], 2, 1)));
        Assert.Contains("x2 contains NaN; features must be finite", Message(() => GaussianKernel.Compute([1.0, 2], [1.0, double.NaN], 2, 1)));
        Assert.Contains("γ must be a positive finite number", Message(() => GaussianKernel.Compute([1.0, 2], [1.0, 2], 2, 0)));
        Assert.Empty(GaussianKernel.Compute([1.0, 2], [], 2, 1));
        Assert.Empty(GaussianKernel.Compute([], [1.0, 2], 2, 1));
    }

    [Fact]
    public void A_kernel_matrix_needs_a_positive_size_and_judges_symmetry_relative_to_its_largest_diagonal_entry()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KernelMatrix(new double[4], -2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KernelMatrix([], 0));
        // Diagonal up to 100: the default tolerance 1e-8 allows an asymmetry of 1e-6, not 2e-6.
        _ = new KernelMatrix([100, 3, 3 + 0.9e-6, 1], 2);
        Assert.Contains("not symmetric", Message(() => new KernelMatrix([100, 3, 3 + 2e-6, 1], 2)));
    }

    [Fact]
    public void Svm_decision_values_refuse_a_null_kernel_and_options_keep_their_thread_count()
    {
        SvmModel model = SvmClassifier.Fit(Three, [0, 1, 2], [0, 1, 1]);
        Assert.Throws<ArgumentNullException>(() => model.DecisionFunction(null!, [0]));
        Assert.Equal(1, new SvmOptions(MaxDegreeOfParallelism: 1).Parallelism);
        Assert.Equal(Environment.ProcessorCount, new SvmOptions().Parallelism);
    }
}
