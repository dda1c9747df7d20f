variable "team" {
  type = string
}

output "suffix" {
  value = "${var.team}-prod"
}
