"""Reference values for ClusterQualityTests.cs, computed with scikit-learn (run: /usr/bin/python3 cluster_quality_reference.py)."""
import numpy as np
import sklearn
from sklearn.metrics import normalized_mutual_info_score, silhouette_score

X = np.array([
    [0.0, 0.1, 0.2], [0.2, 0.0, 0.1], [0.1, 0.3, 0.0], [0.3, 0.2, 0.2],
    [2.0, 2.1, 1.9], [2.2, 1.8, 2.0], [1.9, 2.0, 2.3],
    [0.0, 2.0, 4.0], [0.3, 2.2, 3.8], [0.1, 1.7, 4.1], [1.0, 1.0, 1.0],
    [5.0, 5.0, 5.0],
])
labels = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3]
print("sklearn", sklearn.__version__)
print("silhouette", repr(silhouette_score(X, labels)))

clusters = [0, 0, 1, 1, 2, 2, 2, 0, 1, 3]
roles = ["intro", "intro", "twist", "twist", "end", "end", "intro", "intro", "end", "twist"]
print("nmi", repr(normalized_mutual_info_score(roles, clusters)))
