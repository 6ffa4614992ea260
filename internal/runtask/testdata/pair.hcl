# Rules of the web pair: staging runs at half production's size.
ratio = 0.5

ignore "aws_instance.*.tags.Team" {
  reason = "each environment is owned by its own team"
}
