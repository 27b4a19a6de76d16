// BerthArtifacts
