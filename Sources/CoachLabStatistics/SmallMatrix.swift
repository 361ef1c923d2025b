/// A small dense square matrix (a handful of regressors), row-major.
public struct SmallMatrix: Sendable, Equatable {
    public let size: Int
    public var elements: [Double]

    public init(size: Int) {
        self.size = size
        self.elements = [Double](repeating: 0, count: size * size)
    }

    public subscript(row: Int, column: Int) -> Double {
        get { elements[row * size + column] }
        set { elements[row * size + column] = newValue }
    }

    /// Adds `weight × v vᵀ`.
    public mutating func addOuterProduct(_ v: [Double], weight: Double = 1) {
        addOuterProduct(v[...], weight: weight)
    }

    /// Adds `weight × v vᵀ` for `v` a slice of a larger array (a row of a flat table).
    public mutating func addOuterProduct(_ v: ArraySlice<Double>, weight: Double = 1) {
        let base = v.startIndex
        for i in 0..<size {
            for j in 0..<size { self[i, j] += weight * v[base + i] * v[base + j] }
        }
    }

    public func multiplied(by v: [Double]) -> [Double] {
        (0..<size).map { i in (0..<size).reduce(0.0) { $0 + self[i, $1] * v[$1] } }
    }

    public func multiplied(by other: SmallMatrix) -> SmallMatrix {
        var product = SmallMatrix(size: size)
        for i in 0..<size {
            for j in 0..<size {
                var sum = 0.0
                for k in 0..<size { sum += self[i, k] * other[k, j] }
                product[i, j] = sum
            }
        }
        return product
    }

    /// The inverse by Gauss–Jordan elimination with partial pivoting; nil when singular.
    public func inverse() -> SmallMatrix? {
        var a = self
        var inverse = SmallMatrix(size: size)
        for i in 0..<size { inverse[i, i] = 1 }
        let scale = elements.map(abs).max() ?? 0
        for column in 0..<size {
            var pivot = column
            for row in column..<size where abs(a[row, column]) > abs(a[pivot, column]) { pivot = row }
            guard abs(a[pivot, column]) > 1e-12 * scale, scale > 0 else { return nil }
            if pivot != column {
                for k in 0..<size {
                    a.elements.swapAt(column * size + k, pivot * size + k)
                    inverse.elements.swapAt(column * size + k, pivot * size + k)
                }
            }
            let divisor = a[column, column]
            for k in 0..<size {
                a[column, k] /= divisor
                inverse[column, k] /= divisor
            }
            for row in 0..<size where row != column {
                let factor = a[row, column]
                if factor == 0 { continue }
                for k in 0..<size {
                    a[row, k] -= factor * a[column, k]
                    inverse[row, k] -= factor * inverse[column, k]
                }
            }
        }
        return inverse
    }
}
