import CoachLabData

/// The columns of performance.csv that attainment kernels read, as buffers: a column's
/// subscript retains its storage for every value it reads, a buffer does not.
struct AttainmentColumns {
    let reps: UnsafeBufferPointer<Int32>
    let periods: UnsafeBufferPointer<Int32>
    let quotas: UnsafeBufferPointer<Double>
    let bookings: UnsafeBufferPointer<Double>

    init(reps: UnsafeBufferPointer<Int32>, periods: UnsafeBufferPointer<Int32>,
         quotas: UnsafeBufferPointer<Double>, bookings: UnsafeBufferPointer<Double>) {
        self.reps = reps
        self.periods = periods
        self.quotas = quotas
        self.bookings = bookings
    }
}

extension Performance {
    /// Calls `body` with this table's ``AttainmentColumns``, valid for the call.
    func withAttainmentColumns<R>(_ body: (AttainmentColumns) -> R) -> R {
        reps.withUnsafeBufferPointer { reps in
        periods.withUnsafeBufferPointer { periods in
        quotas.withUnsafeBufferPointer { quotas in
        bookings.withUnsafeBufferPointer { bookings in
            body(AttainmentColumns(reps: reps, periods: periods, quotas: quotas, bookings: bookings))
        }}}}
    }
}
